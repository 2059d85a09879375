using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>Where a request goes: TCP, TLS over TCP, or a Unix socket.</summary>
internal sealed record Target(string Scheme, int Port = 0, string? UnixPath = null)
{
    public static Target Http(int port) => new("http", port);

    public static Target Https(int port) => new("https", port);

    public static Target Unix(string path) => new("unix", UnixPath: path);

    public override string ToString() => UnixPath ?? $"{Scheme}://127.0.0.1:{Port}";
}

/// <summary>One HTTP/1.1 response.</summary>
internal sealed record Response(int Status, string Body, bool Close);

/// <summary>
/// A minimal HTTP/1.1 client over raw sockets, as wrk is: a request on a keep-alive connection that the server closes
/// is a failure, never silently retried (HttpClient retries such requests, which would hide the failures under test).
/// </summary>
internal sealed class HttpProbe : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;

    private HttpProbe(Stream stream) => _stream = stream;

    public static async Task<HttpProbe> ConnectAsync(Target target, CancellationToken cancellationToken)
    {
        Socket socket;
        if (target.UnixPath is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        else
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, target.Port), cancellationToken);
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (target.Scheme == "https")
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellationToken);
            stream = tls;
        }

        return new HttpProbe(stream);
    }

    /// <summary>GET on a new connection (Connection: close).</summary>
    public static async Task<Response> GetOnceAsync(Target target, string path = "/", TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        await using HttpProbe probe = await ConnectAsync(target, cancel.Token);
        return await probe.GetAsync(path, close: true, cancel.Token);
    }

    public async Task<Response> GetAsync(string path, bool close, CancellationToken cancellationToken)
    {
        byte[] request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\n{(close ? "Connection: close\r\n" : "")}\r\n");
        await _stream.WriteAsync(request, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        string statusLine = await ReadLineAsync(cancellationToken);
        int status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        int length = -1;
        bool chunked = false;
        bool closing = close;
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } header)
        {
            int colon = header.IndexOf(':', StringComparison.Ordinal);
            string name = header[..colon].Trim();
            string value = header[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                closing |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        var body = new StringBuilder();
        if (chunked)
        {
            while (true)
            {
                int size = int.Parse(await ReadLineAsync(cancellationToken), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    await ReadLineAsync(cancellationToken);
                    break;
                }

                body.Append(await ReadBytesAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }
        }
        else if (length >= 0)
        {
            body.Append(await ReadBytesAsync(length, cancellationToken));
        }

        return new Response(status, body.ToString(), closing);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                string line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task<string> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            await FillAsync(cancellationToken);
        }

        string text = Encoding.UTF8.GetString(_buffer, _start, count);
        _start += count;
        return text;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection before a whole response.");
        }

        _end += read;
    }
}

/// <summary>
/// Constant keep-alive load, as <c>wrk -c N</c>: each connection sends the next request as soon as the response is
/// read, reconnects only when the server says <c>Connection: close</c>, and counts every failed request.
/// </summary>
internal sealed class KeepAliveLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loops;
    private long _ok;
    private long _failed;
    private string? _lastBody;

    public KeepAliveLoad(Target target, int connections)
    {
        _loops = Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => LoopAsync(target))));
    }

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The first 100,000 bodies, in the order they came (a long run stops adding: use <see cref="LastBody"/>).</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>The body of the request that completed last, on any connection.</summary>
    public string? LastBody => Volatile.Read(ref _lastBody);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loops;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(Target target)
    {
        HttpProbe? probe = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                probe ??= await HttpProbe.ConnectAsync(target, timeout.Token);
                Response response = await probe.GetAsync("/", close: false, timeout.Token);
                if (response.Status != 200)
                {
                    throw new IOException($"status {response.Status}");
                }

                Interlocked.Increment(ref _ok);
                Volatile.Write(ref _lastBody, response.Body);
                if (Bodies.Count < 100_000)
                {
                    Bodies.Enqueue(response.Body);
                }

                if (response.Close)
                {
                    await probe.DisposeAsync();
                    probe = null;
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                Interlocked.Increment(ref _failed);
                Errors.Enqueue($"{target}: {exception.GetType().Name}: {exception.Message}");
                if (probe is not null)
                {
                    await probe.DisposeAsync();
                    probe = null;
                }
            }
        }

        if (probe is not null)
        {
            await probe.DisposeAsync();
        }
    }
}
