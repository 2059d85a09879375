using Microsoft.Extensions.Logging;

namespace Oslo.Service.Wsgi.Logging;

/// <summary>
/// Log events of the HTTP server, TLS and the paste loader (event ids 6000–6099). oslo's texts are kept word for
/// word where operators grep for them ("Could not bind to", "Stopping WSGI server.", "WSGI server has stopped.").
/// </summary>
internal static partial class WsgiLog
{
    [LoggerMessage(EventId = 6000, EventName = "BindFailed", Level = LogLevel.Error,
        Message = "Could not bind to {Host}:{Port}")]
    internal static partial void BindFailed(this ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(EventId = 6001, EventName = "ServerListening", Level = LogLevel.Information,
        Message = "{Name} listening on {Host}:{Port}")]
    internal static partial void ServerListening(this ILogger logger, string name, string host, int port);

    [LoggerMessage(EventId = 6002, EventName = "ServerListeningUnix", Level = LogLevel.Information,
        Message = "{Name} listening on {SocketFile}:")]
    internal static partial void ServerListeningUnix(this ILogger logger, string name, string socketFile);

    [LoggerMessage(EventId = 6003, EventName = "ServerStarted", Level = LogLevel.Information,
        Message = "{Name} started serving ({Scheme}, pool size {PoolSize}, pid {Pid})")]
    internal static partial void ServerStarted(this ILogger logger, string name, string scheme, int poolSize, int pid);

    [LoggerMessage(EventId = 6004, EventName = "ServerStopping", Level = LogLevel.Information,
        Message = "Stopping WSGI server.")]
    internal static partial void ServerStopping(this ILogger logger);

    [LoggerMessage(EventId = 6005, EventName = "ServerWaiting", Level = LogLevel.Debug,
        Message = "Waiting WSGI server to finish {Count} requests.")]
    internal static partial void ServerWaiting(this ILogger logger, int count);

    [LoggerMessage(EventId = 6006, EventName = "ServerStopped", Level = LogLevel.Information,
        Message = "WSGI server has stopped.")]
    internal static partial void ServerStopped(this ILogger logger);

    [LoggerMessage(EventId = 6007, EventName = "RequestFailed", Level = LogLevel.Error,
        Message = "Unhandled error while serving {RequestLine}")]
    internal static partial void RequestFailed(this ILogger logger, string requestLine, Exception exception);

    [LoggerMessage(EventId = 6008, EventName = "AccessLogged", Level = LogLevel.Information, Message = "{Line}")]
    internal static partial void AccessLogged(this ILogger logger, string line);

    [LoggerMessage(EventId = 6009, EventName = "CertificatesReloaded", Level = LogLevel.Information,
        Message = "{Name}: TLS certificate reloaded from {CertFile} (subject {Subject}, expires {NotAfter:u})")]
    internal static partial void CertificatesReloaded(this ILogger logger, string name, string certFile, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 6010, EventName = "CertificateReloadFailed", Level = LogLevel.Error,
        Message = "{Name}: TLS files could not be reloaded, keeping the previous certificate")]
    internal static partial void CertificateReloadFailed(this ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 6011, EventName = "StopAborted", Level = LogLevel.Warning,
        Message = "{Name}: drain abandoned, {Count} request(s) still in flight were aborted")]
    internal static partial void StopAborted(this ILogger logger, string name, int count);

    [LoggerMessage(EventId = 6012, EventName = "ServerNotReady", Level = LogLevel.Information,
        Message = "Server {Name} draining: readiness answers 503, requests still served until the listener closes")]
    internal static partial void ServerNotReady(this ILogger logger, string name);

    [LoggerMessage(EventId = 6020, EventName = "PasteAppLookupFailed", Level = LogLevel.Error,
        Message = "Couldn't lookup app: {Name}")]
    internal static partial void PasteAppLookupFailed(this ILogger logger, string name, Exception exception);
}
