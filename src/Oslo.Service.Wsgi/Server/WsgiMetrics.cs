using System.Diagnostics;
using System.Diagnostics.Metrics;

using Microsoft.AspNetCore.Http;

using Oslo.Service.Metrics;

namespace Oslo.Service.Wsgi;

/// <summary>
/// The instruments of the <c>Oslo.Service.Wsgi</c> meter: ASP.NET Core's hosting names
/// (<c>http.server.request.duration</c>, <c>http.server.active_requests</c>, same units, attributes and buckets), so
/// dashboards made for ASP.NET Core work for the wsgi <see cref="Server"/>, plus whether a server is draining.
/// Static for the reason given on <c>ServiceMetrics</c>.
/// </summary>
internal static class WsgiMetrics
{
    private static readonly Meter s_meter = new(OsloMeters.Wsgi, typeof(WsgiMetrics).Assembly.GetName().Version?.ToString(3));

    /// <summary>ASP.NET Core's request duration, recorded when the response is complete.</summary>
    internal static readonly Histogram<double> RequestDuration = s_meter.CreateHistogram(
        "http.server.request.duration", "s", "Duration of HTTP server requests.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    /// <summary>ASP.NET Core's in-flight requests.</summary>
    internal static readonly UpDownCounter<long> ActiveRequests = s_meter.CreateUpDownCounter<long>(
        "http.server.active_requests", "{request}", "Number of active HTTP server requests.");

    /// <summary>1 while a server of this process drains (stop or reload), 0 otherwise.</summary>
    internal static readonly UpDownCounter<long> Draining = s_meter.CreateUpDownCounter<long>(
        "oslo.wsgi.server.draining", "{server}", "Wsgi servers of this process that are draining: listener closed, finishing in-flight requests.");

    /// <summary>The attributes of <c>http.server.active_requests</c>.</summary>
    internal static TagList ActiveTags(HttpRequest request) => new()
    {
        { "http.request.method", request.Method },
        { "url.scheme", request.Scheme },
    };

    /// <summary>The attributes of <c>http.server.request.duration</c>.</summary>
    internal static TagList DurationTags(HttpContext context) => new()
    {
        { "http.request.method", context.Request.Method },
        { "url.scheme", context.Request.Scheme },
        { "network.protocol.version", ProtocolVersion(context.Request.Protocol) },
        { "http.response.status_code", context.Response.StatusCode },
    };

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };
}
