using System.Net;
using System.Text;

using Microsoft.Extensions.Logging;

namespace Oslo.Service.Metrics;

/// <summary>
/// <c>GET /metrics</c> on <c>[metrics] bind_host:bind_port</c> in a process launcher's parent: the text a render
/// function gives, in the Prometheus format. <see cref="HttpListener"/> and not Kestrel: the core library does not
/// depend on ASP.NET Core, and one scrape every few seconds needs nothing more.
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string> _render;
    private readonly ILogger _logger;
    private readonly Task _serving;

    private MetricsEndpoint(string host, int port, Func<string> render, ILogger logger)
    {
        _render = render;
        _logger = logger;
        string authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        Url = $"http://{authority}:{port}/metrics";
        _listener.Prefixes.Add($"http://{authority}:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>Where it serves.</summary>
    internal string Url { get; }

    /// <summary>Starts serving; throws <see cref="HttpListenerException"/> when the address is taken.</summary>
    internal static MetricsEndpoint Start(string host, int port, Func<string> render, ILogger logger) => new(host, port, render, logger);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = RespondAsync(context);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            if (context.Request.Url?.AbsolutePath != "/metrics")
            {
                response.StatusCode = 404;
                return;
            }

            byte[] body = Encoding.UTF8.GetBytes(_render());
            response.ContentType = PrometheusText.ContentType;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.MetricsScrapeFailed(exception);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The scraper went away.
            }
        }
    }
}
