using Microsoft.Extensions.Logging;

namespace Oslo.Service.Supervision;

/// <summary>
/// Log events of recycling and of hung-worker diagnostics in the parent (event ids 4060–4069). The recycle itself is
/// logged by the rolling path as <c>WorkerRecycling</c>, with its reason.
/// </summary>
internal static partial class RecycleLog
{
    [LoggerMessage(EventId = 4060, EventName = "WorkerOverMemoryAtBoot", Level = LogLevel.Warning,
        Message = "Worker {WorkerId} (pid {Pid}) uses {RssMb} MiB at its first sample, over max_worker_memory_mb = {LimitMb}: it is not recycled for memory until it has been under the limit (a replacement would start over it too); raise the limit")]
    internal static partial void WorkerOverMemoryAtBoot(this ILogger logger, int workerId, int pid, long rssMb, long limitMb);

    [LoggerMessage(EventId = 4061, EventName = "RecycleDeferred", Level = LogLevel.Warning,
        Message = "Recycling worker {WorkerId} deferred: {Reason}")]
    internal static partial void RecycleDeferred(this ILogger logger, int workerId, string reason);

    [LoggerMessage(EventId = 4062, EventName = "WorkerStacksBeforeKill", Level = LogLevel.Error,
        Message = "Stacks of worker {WorkerId} (pid {Pid}) before SIGKILL ({Why}):\n{Stacks}")]
    internal static partial void WorkerStacksBeforeKill(this ILogger logger, int workerId, int pid, string why, string stacks);

    [LoggerMessage(EventId = 4063, EventName = "WorkerStacksMissing", Level = LogLevel.Warning,
        Message = "No stacks of worker {WorkerId} (pid {Pid}) before SIGKILL: {Reason}")]
    internal static partial void WorkerStacksMissing(this ILogger logger, int workerId, int pid, string reason);

    [LoggerMessage(EventId = 4064, EventName = "HungWorkerKilled", Level = LogLevel.Error,
        Message = "Sent SIGKILL to worker {WorkerId} (pid {Pid}) {ElapsedMs} ms after the decision")]
    internal static partial void HungWorkerKilled(this ILogger logger, int workerId, int pid, long elapsedMs);

    [LoggerMessage(EventId = 4065, EventName = "CapturingStacks", Level = LogLevel.Warning,
        Message = "Worker {WorkerId} (pid {Pid}) sent no heartbeat for {Seconds:F1} s; capturing its stacks in case it must be killed")]
    internal static partial void CapturingStacks(this ILogger logger, int workerId, int pid, double seconds);

    [LoggerMessage(EventId = 4066, EventName = "WorkerDumpWritten", Level = LogLevel.Error,
        Message = "Dump of worker {WorkerId} (pid {Pid}) before SIGKILL written to {Path}")]
    internal static partial void WorkerDumpWritten(this ILogger logger, int workerId, int pid, string path);

    [LoggerMessage(EventId = 4067, EventName = "WorkerDumpCutShort", Level = LogLevel.Warning,
        Message = "Dump of worker {WorkerId} (pid {Pid}) cut short by its SIGKILL ({Reason}): {Path} is incomplete")]
    internal static partial void WorkerDumpCutShort(this ILogger logger, int workerId, int pid, string path, string reason);

    [LoggerMessage(EventId = 4068, EventName = "WorkerDumpFailed", Level = LogLevel.Warning,
        Message = "No dump of worker {WorkerId} (pid {Pid}) at {Path} before SIGKILL: {Reason}")]
    internal static partial void WorkerDumpFailed(this ILogger logger, int workerId, int pid, string path, string reason);
}
