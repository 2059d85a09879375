namespace Oslo.Service.Wsgi.AccessLog;

/// <summary>The values eventlet offers to <c>wsgi_log_format</c>, for one request.</summary>
/// <param name="ClientIp">The peer address (eventlet's <c>client_ip</c>).</param>
/// <param name="DateTime">Local time as <c>25/Nov/2026 15:04:29</c> (eventlet's <c>date_time</c>).</param>
/// <param name="RequestLine">e.g. <c>GET /v2/servers?x=1 HTTP/1.1</c>.</param>
/// <param name="StatusCode">The response status.</param>
/// <param name="BodyLength">Response body bytes sent.</param>
/// <param name="WallSeconds">Seconds from the request's arrival to the end of its response.</param>
public readonly record struct AccessLogEntry(
    string ClientIp, string DateTime, string RequestLine, int StatusCode, long BodyLength, double WallSeconds);
