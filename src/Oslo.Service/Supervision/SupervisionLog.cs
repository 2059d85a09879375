using Microsoft.Extensions.Logging;

namespace Oslo.Service.Supervision;

/// <summary>
/// Log events of the ProcessLauncher's parent (event ids 4000–4049; the workers' are in <see cref="WorkerLog"/>). oslo's texts are kept word for word
/// ("Started child", "Child … exited with status …", "Forking too fast, sleeping", "Parent process has died
/// unexpectedly, exiting") because operators grep for them.
/// </summary>
internal static partial class SupervisionLog
{
    [LoggerMessage(EventId = 4000, EventName = "StartingWorkers", Level = LogLevel.Information,
        Message = "Starting {Count} workers (parent pid {ParentPid})")]
    internal static partial void StartingWorkers(this ILogger logger, int count, int parentPid);

    [LoggerMessage(EventId = 4001, EventName = "WorkerSpawned", Level = LogLevel.Information,
        Message = "Started child {Pid} (service {Service}, worker {WorkerId})")]
    internal static partial void WorkerSpawned(this ILogger logger, int pid, string service, int workerId);

    [LoggerMessage(EventId = 4002, EventName = "WorkerExited", Level = LogLevel.Information,
        Message = "Child {Pid} exited with status {ExitCode}")]
    internal static partial void WorkerExited(this ILogger logger, int pid, int exitCode);

    [LoggerMessage(EventId = 4003, EventName = "WorkerKilled", Level = LogLevel.Information,
        Message = "Child {Pid} killed by signal {Signal}")]
    internal static partial void WorkerKilled(this ILogger logger, int pid, int signal);

    [LoggerMessage(EventId = 4004, EventName = "ForkingTooFast", Level = LogLevel.Information,
        Message = "Forking too fast, sleeping")]
    internal static partial void ForkingTooFast(this ILogger logger);

    [LoggerMessage(EventId = 4005, EventName = "RestartIntensityExceeded", Level = LogLevel.Warning,
        Message = "Service {Service}: {Restarts} worker restarts within {PeriodSeconds} s (restart_intensity {Intensity}); backing off {DelayMs} ms before restarting worker {WorkerId}")]
    internal static partial void RestartIntensityExceeded(this ILogger logger, string service, int restarts, double periodSeconds, int intensity, long delayMs, int workerId);

    [LoggerMessage(EventId = 4006, EventName = "WorkerBootFailed", Level = LogLevel.Error,
        Message = "Service {Service}: {Failures} workers in a row died before they were ready (boot failure); backing off {DelayMs} ms before restarting worker {WorkerId}")]
    internal static partial void WorkerBootFailed(this ILogger logger, string service, int failures, long delayMs, int workerId);

    [LoggerMessage(EventId = 4007, EventName = "WorkersReady", Level = LogLevel.Information,
        Message = "All {Count} workers ready")]
    internal static partial void WorkersReady(this ILogger logger, int count);

    [LoggerMessage(EventId = 4008, EventName = "WaitingOnChildren", Level = LogLevel.Information,
        Message = "Waiting on {Count} children to exit")]
    internal static partial void WaitingOnChildren(this ILogger logger, int count);

    [LoggerMessage(EventId = 4009, EventName = "KillingChildren", Level = LogLevel.Information,
        Message = "Sending signal {Signal} to {Count} children")]
    internal static partial void KillingChildren(this ILogger logger, int signal, int count);

    [LoggerMessage(EventId = 4010, EventName = "HeartbeatTimedOut", Level = LogLevel.Error,
        Message = "Child {Pid} (worker {WorkerId}) sent no heartbeat for {Seconds:F1} s (heartbeat_timeout); killing it")]
    internal static partial void HeartbeatTimedOut(this ILogger logger, int pid, int workerId, double seconds);

    [LoggerMessage(EventId = 4011, EventName = "WorkersScaled", Level = LogLevel.Information,
        Message = "Caught {Signal}: service {Service} now runs {Count} workers")]
    internal static partial void WorkersScaled(this ILogger logger, string signal, string service, int count);

    [LoggerMessage(EventId = 4012, EventName = "ScaleDownRefused", Level = LogLevel.Information,
        Message = "Caught SIGTTOU: service {Service} already runs a single worker")]
    internal static partial void ScaleDownRefused(this ILogger logger, string service);

    [LoggerMessage(EventId = 4013, EventName = "RollingReloadStarted", Level = LogLevel.Information,
        Message = "Replacing {Count} workers of service {Service}, {Surge} at a time")]
    internal static partial void RollingReloadStarted(this ILogger logger, int count, string service, int surge);

    [LoggerMessage(EventId = 4014, EventName = "WorkerReplaced", Level = LogLevel.Information,
        Message = "Worker {WorkerId}: replacement {NewPid} ready, stopping {OldPid}")]
    internal static partial void WorkerReplaced(this ILogger logger, int workerId, int newPid, int oldPid);

    [LoggerMessage(EventId = 4015, EventName = "RollingReloadAborted", Level = LogLevel.Error,
        Message = "Service {Service}: replacement for worker {WorkerId} did not become ready; the reload stops and the old workers keep running")]
    internal static partial void RollingReloadAborted(this ILogger logger, string service, int workerId, Exception exception);

    [LoggerMessage(EventId = 4016, EventName = "SparePromoted", Level = LogLevel.Information,
        Message = "Promoted spare {Pid} to worker {WorkerId}")]
    internal static partial void SparePromoted(this ILogger logger, int pid, int workerId);

    [LoggerMessage(EventId = 4017, EventName = "ChildrenSignalledOnExit", Level = LogLevel.Information,
        Message = "Exiting: sent signal {Signal} to {Count} children")]
    internal static partial void ChildrenSignalledOnExit(this ILogger logger, int signal, int count);

    [LoggerMessage(EventId = 4018, EventName = "MutateAckMissing", Level = LogLevel.Warning,
        Message = "Child {Pid} did not report its SIGHUP reset in time")]
    internal static partial void MutateAckMissing(this ILogger logger, int pid);

    [LoggerMessage(EventId = 4019, EventName = "WorkerSpawnFailed", Level = LogLevel.Error,
        Message = "Starting worker {WorkerId} of service {Service} failed")]
    internal static partial void WorkerSpawnFailed(this ILogger logger, int workerId, string service, Exception exception);

    [LoggerMessage(EventId = 4020, EventName = "WorkerBootTimedOut", Level = LogLevel.Error,
        Message = "Child {Pid} (worker {WorkerId}) did not report ready within {Seconds} s (boot_timeout); killing it")]
    internal static partial void WorkerBootTimedOut(this ILogger logger, int pid, int workerId, double seconds);
}
