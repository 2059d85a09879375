using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Microsoft.Extensions.Logging;

namespace Oslo.Service.Metrics;

/// <summary>
/// <c>GET /metrics</c> on <c>[metrics] bind_host:bind_port</c> in a process launcher's parent: the text a render
/// function gives, in the Prometheus format.
/// </summary>
/// <remarks>
/// Our own few lines of HTTP/1.1 over a <see cref="Socket"/>, and neither Kestrel nor <see cref="HttpListener"/>: the
/// core library does not depend on ASP.NET Core, and <see cref="HttpListener"/> brought System.Net.Http, SslStream and
/// the X.509 stack into every Native AOT program that uses the launcher (the bench's AOT worker: a 13.9 MB binary
/// instead of 11.0 MB, 15.2 MiB RSS per idle worker instead of 13.4 MiB), for one plaintext scrape every few seconds. A scrape reads one
/// request head (at most 8 KiB, within 10 s) and gets one response with <c>Connection: close</c>; other paths get
/// 404, other methods 405.
/// </remarks>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private const int MaxRequestHead = 8 * 1024;
    private static readonly TimeSpan s_requestDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_acceptRetry = TimeSpan.FromMilliseconds(100);

    private readonly Socket _listener;
    private readonly Func<string> _render;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private MetricsEndpoint(Socket listener, string host, Func<string> render, ILogger logger)
    {
        _listener = listener;
        _render = render;
        _logger = logger;
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        string authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        Url = string.Create(CultureInfo.InvariantCulture, $"http://{authority}:{port}/metrics");
        _serving = ServeAsync();
    }

    /// <summary>Where it serves.</summary>
    internal string Url { get; }

    /// <summary>Starts serving; throws <see cref="SocketException"/> when the address is taken or cannot be resolved.</summary>
    internal static MetricsEndpoint Start(string host, int port, Func<string> render, ILogger logger)
    {
        IPAddress address = IPAddress.TryParse(host, out IPAddress? parsed)
            ? parsed
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // SO_REUSEADDR (SOL_SOCKET 1, option 2) alone, so a restarted parent can listen again while its last
                // scrapes sit in TIME_WAIT; .NET's ReuseAddress would also set SO_REUSEPORT, letting a second process
                // listen on the same port.
                listener.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            }

            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(64);
            return new MetricsEndpoint(listener, host, render, logger);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                // An accept that fails at once (out of file descriptors) must not become a busy loop in the parent.
                await Task.Delay(s_acceptRetry, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            _ = RespondAsync(client);
        }
    }

    private async Task RespondAsync(Socket client)
    {
        using (client)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(s_requestDeadline);
            try
            {
                byte[] response = await ReadAndAnswerAsync(client, deadline.Token).ConfigureAwait(false);
                await client.SendAsync(response, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The scraper went away, was too slow, or the endpoint is stopping.
            }
        }
    }

    private async Task<byte[]> ReadAndAnswerAsync(Socket client, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxRequestHead];
        int length = 0;
        while (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
        {
            if (length == buffer.Length)
            {
                return Response(431, "Request Header Fields Too Large", "text/plain; charset=utf-8", "request head over 8 KiB\n"u8);
            }

            int read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            length += read;
        }

        // "GET /metrics?x HTTP/1.1": method, target (its query ignored), version.
        ReadOnlySpan<byte> line = buffer.AsSpan(0, buffer.AsSpan(0, length).IndexOf("\r\n"u8));
        int space = line.IndexOf((byte)' ');
        ReadOnlySpan<byte> method = space < 0 ? line : line[..space];
        ReadOnlySpan<byte> target = space < 0 ? [] : line[(space + 1)..];
        target = target.IndexOf((byte)' ') is int end and >= 0 ? target[..end] : target;
        target = target.IndexOf((byte)'?') is int query and >= 0 ? target[..query] : target;
        if (!target.SequenceEqual("/metrics"u8))
        {
            return Response(404, "Not Found", "text/plain; charset=utf-8", "not found; the metrics are at /metrics\n"u8);
        }

        bool head = method.SequenceEqual("HEAD"u8);
        if (!head && !method.SequenceEqual("GET"u8))
        {
            return Response(405, "Method Not Allowed", "text/plain; charset=utf-8", "GET or HEAD\n"u8, "Allow: GET, HEAD\r\n");
        }

        byte[] body;
        try
        {
            body = Encoding.UTF8.GetBytes(_render());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.MetricsScrapeFailed(exception);
            return Response(500, "Internal Server Error", "text/plain; charset=utf-8", "the metrics could not be rendered\n"u8);
        }

        return Response(200, "OK", PrometheusText.ContentType, body, omitBody: head);
    }

    private static byte[] Response(int status, string reason, string contentType, ReadOnlySpan<byte> body, string extraHeaders = "", bool omitBody = false)
    {
        string head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. omitBody ? [] : body];
    }
}
