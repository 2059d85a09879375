using Oslo.Config;

namespace Oslo.Service.Supervision;

/// <summary>The values of <see cref="SupervisionOptions"/> as the supervisor uses them.</summary>
internal sealed record SupervisionSettings
{
    /// <summary>The documented defaults.</summary>
    internal static SupervisionSettings Default { get; } = new();

    internal int RestartIntensity { get; init; } = 10;

    internal TimeSpan RestartPeriod { get; init; } = TimeSpan.FromSeconds(30);

    internal TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    internal TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    internal int BootFailureThreshold { get; init; } = 3;

    /// <summary><see cref="TimeSpan.Zero"/> disables the boot timeout.</summary>
    internal TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary><see cref="TimeSpan.Zero"/> disables hung-worker detection.</summary>
    internal TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Empty disables the stacks of a worker before its SIGKILL.</summary>
    internal string HungWorkerStacksCommand { get; init; } = "";

    /// <summary>Empty disables the dump of a worker before its SIGKILL.</summary>
    internal string HungWorkerDumpDir { get; init; } = "";

    internal int SpareWorkers { get; init; }

    /// <summary>0 means all the workers at once.</summary>
    internal int ReloadSurge { get; init; }

    internal TimeSpan WorkerReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary><c>worker_memory_budget_mb</c> (see <see cref="MemoryBudget"/>); 0 sets no limit.</summary>
    internal int WorkerMemoryBudgetMb { get; init; }

    /// <summary>
    /// <c>worker_processor_count</c> (see <see cref="ProcessorShare"/>): 0 each worker's share, N that count, -1 nothing
    /// (the option's default; <c>UseOsloWorkers</c> defaults to 0).
    /// </summary>
    internal int WorkerProcessorCount { get; init; } = -1;

    /// <summary>
    /// Whether the workers share out their connections (<see cref="ConnectionBoard"/>): set for <c>UseOsloWorkers</c>
    /// apps, whose listener balances its accepts. Other pools get no board, so their parent and workers map nothing.
    /// </summary>
    internal bool ShareConnections { get; init; }

    /// <summary>max_requests, max_worker_memory_mb and max_worker_age (<see cref="RecycleOptions"/>).</summary>
    internal RecycleSettings Recycle { get; init; } = RecycleSettings.Off;

    /// <summary>How often a worker sends a heartbeat: a quarter of the timeout, at most once a second.</summary>
    internal TimeSpan HeartbeatInterval => HeartbeatTimeout > TimeSpan.Zero && HeartbeatTimeout / 4 < TimeSpan.FromSeconds(1)
        ? HeartbeatTimeout / 4
        : TimeSpan.FromSeconds(1);

    /// <summary>Reads the options (registering them first); the defaults before the command line is parsed.</summary>
    internal static SupervisionSettings FromConfig(ConfigOpts? conf)
    {
        if (conf is null)
        {
            return Default;
        }

        SupervisionOptions.Register(conf);
        DrainOptions.Register(conf);
        MemoryBudgetOptions.Register(conf);
        ProcessorShareOptions.Register(conf);
        RecycleOptions.Register(conf);
        if (!conf.IsParsed)
        {
            return Default;
        }

        return new SupervisionSettings
        {
            RestartIntensity = conf.Get(SupervisionOptions.RestartIntensity, SupervisionOptions.Group),
            RestartPeriod = Seconds(conf.Get(SupervisionOptions.RestartPeriod, SupervisionOptions.Group), Default.RestartPeriod),
            BackoffInitial = Seconds(conf.Get(SupervisionOptions.RestartBackoffInitial, SupervisionOptions.Group), Default.BackoffInitial),
            BackoffMax = Seconds(conf.Get(SupervisionOptions.RestartBackoffMax, SupervisionOptions.Group), Default.BackoffMax),
            BootFailureThreshold = conf.Get(SupervisionOptions.BootFailureThreshold, SupervisionOptions.Group),
            BootTimeout = Seconds(conf.Get(SupervisionOptions.BootTimeout, SupervisionOptions.Group), Default.BootTimeout),
            HeartbeatTimeout = Seconds(conf.Get(SupervisionOptions.HeartbeatTimeout, SupervisionOptions.Group), TimeSpan.Zero),
            HungWorkerStacksCommand = conf.Get(SupervisionOptions.HungWorkerStacksCommand, SupervisionOptions.Group) ?? "",
            HungWorkerDumpDir = conf.Get(SupervisionOptions.HungWorkerDumpDir, SupervisionOptions.Group) ?? "",
            SpareWorkers = conf.Get(SupervisionOptions.SpareWorkers, SupervisionOptions.Group),
            ReloadSurge = conf.Get(SupervisionOptions.ReloadSurge, SupervisionOptions.Group),
            WorkerReadyTimeout = Seconds(conf.Get(SupervisionOptions.WorkerReadyTimeout, SupervisionOptions.Group), Default.WorkerReadyTimeout),
            WorkerMemoryBudgetMb = MemoryBudgetOptions.Read(conf),
            WorkerProcessorCount = ProcessorShareOptions.Read(conf),
            Recycle = RecycleSettings.FromConfig(conf),
        };
    }

    private static TimeSpan Seconds(double? value, TimeSpan fallback) => value is { } seconds ? TimeSpan.FromSeconds(seconds) : fallback;

    private static TimeSpan Seconds(int? value, TimeSpan fallback) => value is { } seconds ? TimeSpan.FromSeconds(seconds) : fallback;
}
