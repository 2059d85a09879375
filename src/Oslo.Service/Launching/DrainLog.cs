using Microsoft.Extensions.Logging;

namespace Oslo.Service.Launching;

/// <summary>The two-phase drain's log events (1060–1069 of the launcher's range).</summary>
internal static partial class DrainLog
{
    [LoggerMessage(EventId = 1060, EventName = "DrainStarted", Level = LogLevel.Information,
        Message = "Draining: readiness reports 503, requests still served for drain_delay {DelaySeconds} s before the listener closes")]
    internal static partial void DrainStarted(this ILogger logger, double delaySeconds);
}
