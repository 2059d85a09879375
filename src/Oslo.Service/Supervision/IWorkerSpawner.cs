namespace Oslo.Service.Supervision;

/// <summary>
/// Starts worker processes. The seam between the supervision rules and the operating system: production uses
/// <see cref="WorkerSpawner"/> (<c>posix_spawn</c> and a control socket pair); unit tests use a fake that hands out
/// workers they drive by hand.
/// </summary>
internal interface IWorkerSpawner : IDisposable
{
    /// <summary>Starts one worker process; faults when it cannot be started.</summary>
    Task<IWorkerHandle> SpawnAsync(WorkerSpawnRequest request);
}
