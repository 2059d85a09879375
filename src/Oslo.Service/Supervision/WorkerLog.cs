using Microsoft.Extensions.Logging;

namespace Oslo.Service.Supervision;

/// <summary>
/// Log events of a ProcessLauncher's worker processes (event ids 4050–4099). Apart from the parent's
/// <see cref="SupervisionLog"/> because the first event of a class initialises every event of it (one
/// <c>LoggerMessage.Define</c>, so JIT work, each), which a worker would pay at every start for events it never logs.
/// </summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 4050, EventName = "WorkerStarting", Level = LogLevel.Information,
        Message = "Worker {WorkerId} of service {Service} starting in process {Pid}")]
    internal static partial void WorkerStarting(this ILogger logger, int workerId, string service, int pid);

    [LoggerMessage(EventId = 4051, EventName = "ParentDied", Level = LogLevel.Error,
        Message = "Parent process has died unexpectedly, exiting")]
    internal static partial void ParentDied(this ILogger logger);

    // The same parameter types as WorkerStarting (int, string, int) on purpose: logging it compiles the generic
    // logging path a promoted spare then takes, so its first log after the promotion runs warm code.
    [LoggerMessage(EventId = 4052, EventName = "SpareWaiting", Level = LogLevel.Information,
        Message = "Spare for service {ServiceIndex} ({Service}) ready in process {Pid}, waiting to be promoted")]
    internal static partial void SpareWaiting(this ILogger logger, int serviceIndex, string service, int pid);

    [LoggerMessage(EventId = 4053, EventName = "SpareStopped", Level = LogLevel.Information,
        Message = "Spare in process {Pid} stopped before it was promoted")]
    internal static partial void SpareStopped(this ILogger logger, int pid);
}
