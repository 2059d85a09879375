using Microsoft.Extensions.Logging;

namespace Oslo.Service.Metrics;

/// <summary>Log events of the metrics endpoint and the control socket (event ids 1920–1939).</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 1920, EventName = "MetricsEndpointStarted", Level = LogLevel.Information,
        Message = "Serving the metrics of the worker family at {Url}")]
    internal static partial void MetricsEndpointStarted(this ILogger logger, string url);

    [LoggerMessage(EventId = 1921, EventName = "MetricsScrapeFailed", Level = LogLevel.Warning,
        Message = "A metrics scrape failed")]
    internal static partial void MetricsScrapeFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1922, EventName = "ControlSocketListening", Level = LogLevel.Information,
        Message = "Control socket listening on {Path} (oslo-ctl --socket {Path})")]
    internal static partial void ControlSocketListening(this ILogger logger, string path);

    [LoggerMessage(EventId = 1923, EventName = "ControlPeerRefused", Level = LogLevel.Warning,
        Message = "Control socket: refused a client with uid {Uid} (pid {Pid}); only uid {OwnerUid} and root may connect")]
    internal static partial void ControlPeerRefused(this ILogger logger, int uid, int pid, int ownerUid);

    [LoggerMessage(EventId = 1924, EventName = "ControlCommandReceived", Level = LogLevel.Information,
        Message = "Control socket: {Command} from uid {Uid} (pid {Pid})")]
    internal static partial void ControlCommandReceived(this ILogger logger, string command, int uid, int pid);

    [LoggerMessage(EventId = 1925, EventName = "ControlCommandFailed", Level = LogLevel.Warning,
        Message = "Control socket: {Command} failed")]
    internal static partial void ControlCommandFailed(this ILogger logger, string command, Exception exception);

    [LoggerMessage(EventId = 1926, EventName = "WorkerRecycling", Level = LogLevel.Information,
        Message = "Recycling worker {WorkerId} (pid {Pid}): {Reason}")]
    internal static partial void WorkerRecycling(this ILogger logger, int workerId, int pid, string reason);

    [LoggerMessage(EventId = 1927, EventName = "MetricsEndpointFailed", Level = LogLevel.Error,
        Message = "[metrics] enabled, but the endpoint cannot listen on {Host}:{Port}: {Reason}; serving without it")]
    internal static partial void MetricsEndpointFailed(this ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 1928, EventName = "ControlSocketFailed", Level = LogLevel.Error,
        Message = "[control] socket_path: cannot listen on {Path}: {Reason}; serving without a control socket")]
    internal static partial void ControlSocketFailed(this ILogger logger, string path, string reason);
}
