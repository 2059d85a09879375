namespace Oslo.Service.Extensions;

/// <summary>One worker process as its parent sees it.</summary>
/// <param name="WorkerId">The worker's index within its service (0 to workers - 1).</param>
/// <param name="Pid">The worker's process id.</param>
/// <param name="Service">The name of the service the worker runs.</param>
/// <param name="StartedAt">When the current process of this worker was started.</param>
/// <param name="Restarts">How many times this worker slot has been respawned.</param>
internal sealed record WorkerStatus(int WorkerId, int Pid, string Service, DateTimeOffset StartedAt, int Restarts);
