using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// Which process of an app run as worker processes (<c>UseOsloWorkers</c>, or a <c>ProcessLauncher</c>) this is:
/// inject it where the app needs its worker id (a shard, a log file name, a metric label), or read
/// <see cref="Current"/> where there is no container (a <c>ServiceBase</c>).
/// </summary>
public interface IWorkerInfo
{
    /// <summary>
    /// This process's worker info, without dependency injection: in a worker of a <c>ProcessLauncher</c> its id and
    /// the current count; in a parent or a single process <see cref="IsWorker"/> is false, the id -1 and the count 1.
    /// </summary>
    static IWorkerInfo Current { get; } = new ProcessWorkerInfo();

    /// <summary>True in a worker process; false in the supervising parent.</summary>
    bool IsWorker { get; }

    /// <summary>The stable worker id, 0..<see cref="WorkerCount"/>-1, kept across respawns and reloads; -1 in the parent.</summary>
    int WorkerId { get; }

    /// <summary>
    /// In a worker: how many workers the parent runs now — the configured count, then whatever SIGTTIN / SIGTTOU made
    /// it (a reload keeps it). In the parent: the configured count (<see cref="OsloWorkerOptions.Workers"/>).
    /// </summary>
    int WorkerCount { get; }

    private sealed class ProcessWorkerInfo : IWorkerInfo
    {
        public bool IsWorker => WorkerContext.Current is not null;

        public int WorkerId => WorkerContext.Current?.WorkerId ?? -1;

        public int WorkerCount => WorkerContext.WorkerCount is > 0 and int count ? count : 1;
    }
}
