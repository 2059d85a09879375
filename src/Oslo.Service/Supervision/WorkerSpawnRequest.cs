namespace Oslo.Service.Supervision;

/// <summary>What a worker process is started as.</summary>
/// <param name="ServiceIndex">The index of the service's <c>LaunchService</c> call.</param>
/// <param name="WorkerId">The worker id, or null for a spare.</param>
/// <param name="HeartbeatInterval">How often the worker sends a heartbeat.</param>
/// <param name="ExtraEnvironment">Variables added unless already set (e.g. GC settings for small processes).</param>
/// <param name="Workers">The pool's worker count when the process starts (0: not told).</param>
/// <param name="MemoryShares">
/// How many shares <c>worker_memory_budget_mb</c> is divided into: the workers and the spares, every process the pool
/// keeps resident (0: <paramref name="Workers"/>).
/// </param>
/// <param name="BoardFd">The pool's <see cref="ConnectionBoard"/>, inherited by the worker; -1: none.</param>
internal sealed record WorkerSpawnRequest(
    int ServiceIndex,
    int? WorkerId,
    TimeSpan HeartbeatInterval,
    IReadOnlyList<KeyValuePair<string, string>> ExtraEnvironment,
    int Workers = 0,
    int MemoryShares = 0,
    int BoardFd = -1);
