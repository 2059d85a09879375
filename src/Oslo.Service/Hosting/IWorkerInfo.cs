namespace Oslo.Service.Hosting;

/// <summary>
/// Which process of an app run by <c>UseOsloWorkers</c> this is; inject it where the app needs its worker id (a
/// shard, a log file name, a metric label).
/// </summary>
public interface IWorkerInfo
{
    /// <summary>True in a worker process; false in the supervising parent.</summary>
    bool IsWorker { get; }

    /// <summary>The stable worker id, 0..<see cref="WorkerCount"/>-1, kept across respawns and reloads; -1 in the parent.</summary>
    int WorkerId { get; }

    /// <summary>The configured number of workers (<see cref="OsloWorkerOptions.Workers"/>); SIGTTIN/SIGTTOU may change the running number.</summary>
    int WorkerCount { get; }
}
