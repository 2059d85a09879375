using System.Globalization;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

using Oslo.Service.Wsgi.AccessLog;
using Oslo.Service.Wsgi.Health;
using Oslo.Service.Wsgi.Logging;

namespace Oslo.Service.Wsgi;

/// <summary>
/// What eventlet's wsgi server does around the app, as one middleware: the access log line, <c>Connection:
/// close</c> when keep-alive is off, 500 bodies with or without the exception text, the URL and header-line limits,
/// the health endpoints and the pool (at most <c>pool_size</c> requests inside the app, the rest wait their turn as
/// eventlet's accept loop waits for a free greenthread).
/// </summary>
internal sealed class ServerPipeline
{
    private readonly RequestDelegate _next;
    private readonly PipelineSettings _settings;
    private readonly ServerState _state;
    private readonly ILogger _accessLogger;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private SecondText _dateTime = new(long.MinValue, "");

    public ServerPipeline(RequestDelegate next, PipelineSettings settings, ServerState state, ILogger accessLogger, ILogger logger, TimeProvider time)
    {
        _next = next;
        _settings = settings;
        _state = state;
        _accessLogger = accessLogger;
        _logger = logger;
        _time = time;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        long started = 0;
        bool measured = WsgiMetrics.RequestDuration.Enabled;
        CountingResponseBody? counter = null;
        if (measured)
        {
            // The clock is read only when someone listens to the duration or logs wall_seconds.
            started = _time.GetTimestamp();
        }

        if (_settings.AccessLog is not null && _accessLogger.IsEnabled(LogLevel.Information))
        {
            started = measured ? started : _time.GetTimestamp();
            counter = new CountingResponseBody(context.Features.Get<IHttpResponseBodyFeature>()!);
            context.Features.Set<IHttpResponseBodyFeature>(counter);
        }

        // "Connection: close" is an HTTP/1.x header; HTTP/2 has no per-connection close from a response.
        // While draining, every response closes its connection, so keep-alive clients move to another worker
        // between two requests instead of losing one to a close.
        bool closeConnection = (!_settings.KeepAlive || _state.Draining)
            && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol));
        if (closeConnection)
        {
            context.Response.Headers.Connection = "close";
        }

        _state.RequestStarted();
        bool active = WsgiMetrics.ActiveRequests.Enabled;
        if (active)
        {
            WsgiMetrics.ActiveRequests.Add(1, WsgiMetrics.ActiveTags(context.Request));
        }

        try
        {
            await GuardedAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            _logger.RequestFailed(RequestLine(context), ex);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            if (closeConnection)
            {
                context.Response.Headers.Connection = "close";
            }

            if (_settings.Debug)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(ex.ToString()).ConfigureAwait(false);
            }
            else
            {
                context.Response.ContentLength = 0;
            }
        }
        finally
        {
            _state.RequestFinished();
            if (active)
            {
                WsgiMetrics.ActiveRequests.Add(-1, WsgiMetrics.ActiveTags(context.Request));
            }

            if (measured)
            {
                WsgiMetrics.RequestDuration.Record(_time.GetElapsedTime(started).TotalSeconds, WsgiMetrics.DurationTags(context));
            }

            if (counter is not null)
            {
                var entry = new AccessLogEntry(
                    context.Connection.RemoteIpAddress?.ToString() ?? "",
                    DateTimeText(),
                    RequestLine(context),
                    context.Response.StatusCode,
                    counter.Count,
                    _time.GetElapsedTime(started).TotalSeconds);
                _accessLogger.AccessLogged(_settings.AccessLog!.Render(entry));
            }
        }
    }

    /// <summary>eventlet's <c>date_time</c>, <c>25/Nov/2026 15:04:29</c>: formatted once a second, not per request.</summary>
    private string DateTimeText()
    {
        DateTimeOffset now = _time.GetLocalNow();
        long second = now.Ticks / TimeSpan.TicksPerSecond;
        SecondText cached = _dateTime;
        if (cached.Second != second)
        {
            cached = new SecondText(second, now.ToString("dd/MMM/yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            _dateTime = cached;
        }

        return cached.Text;
    }

    private Task GuardedAsync(HttpContext context)
    {
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (_settings.MaxUrlLength is { } maxUrl && target.Length > maxUrl)
        {
            return Reject(context, StatusCodes.Status414UriTooLong, "Request URI Too Long");
        }

        foreach (var header in context.Request.Headers)
        {
            // eventlet's MAX_HEADER_LINE: "Name: value" of one line, without the CRLF.
            long length = header.Key.Length + 2;
            foreach (string? value in header.Value)
            {
                length += value?.Length ?? 0;
            }

            if (length > _settings.MaxHeaderLine)
            {
                return Reject(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Line too long");
            }
        }

        if (_settings.Health is { } health && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            string path = context.Request.Path.Value ?? "";
            if (health.LivenessPath is { } live && path == live)
            {
                return Plain(context, StatusCodes.Status200OK, "OK");
            }

            if (health.ReadinessPath is { } ready && path == ready)
            {
                return _state.NotReady
                    ? Plain(context, StatusCodes.Status503ServiceUnavailable, "draining")
                    : Plain(context, StatusCodes.Status200OK, "OK");
            }
        }

        return _state.Pool.Wait(0) ? RunAndReleaseAsync(context) : WaitForPoolAsync(context);
    }

    private async Task WaitForPoolAsync(HttpContext context)
    {
        await _state.Pool.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        await RunAndReleaseAsync(context).ConfigureAwait(false);
    }

    private async Task RunAndReleaseAsync(HttpContext context)
    {
        // For [process_launcher] max_requests: health probes and rejected requests returned above and do not count.
        Supervision.WorkerRequests.OnServed();
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            _state.Pool.Release();
        }
    }

    private static Task Reject(HttpContext context, int status, string text)
    {
        context.Response.Headers.Connection = "close";
        return Plain(context, status, text);
    }

    private static Task Plain(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(text);
    }

    // The request target is the client's text: escaped before it reaches a log (and an operator's terminal).
    private static string RequestLine(HttpContext context)
    {
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        return ControlCharacters.Escape($"{context.Request.Method} {target} {context.Request.Protocol}");
    }

    private sealed record SecondText(long Second, string Text);
}
