using Oslo.Service.Launching;
using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// How <c>UseOsloWorkers</c> runs an app as worker processes. Bound from the configuration section
/// <see cref="SectionName"/> (<c>Oslo:Workers</c> in appsettings.json, <c>Oslo__Workers=3</c> in the environment,
/// <c>--Oslo:Workers=3</c> on the command line), then the <c>UseOsloWorkers</c> lambda and any
/// <c>services.Configure&lt;OsloWorkerOptions&gt;(…)</c> / <c>AddOptions&lt;OsloWorkerOptions&gt;().Bind(…)</c>; validated when
/// the parent starts (one "Cannot start" line, exit 1). The supervision knobs are the ProcessLauncher's
/// <c>[process_launcher]</c> options, with the same defaults (declared once, in the supervisor).
/// </summary>
public sealed class OsloWorkerOptions
{
    /// <summary>The configuration section: <c>Oslo</c>.</summary>
    public const string SectionName = "Oslo";

    /// <summary>
    /// How many worker processes run the app. Null (the default) means one per CPU the process may use: the cgroup
    /// v2 CPU quota (<c>cpu.max</c>, the tightest of the process's cgroup and its parents) rounded down, at least 1,
    /// at most <see cref="Environment.ProcessorCount"/> (see <see cref="Supervision.CgroupCpuQuota"/>): oslo's default for
    /// API workers, and what an HTTP app that is CPU-bound per request needs to use the machine. Set 1 for one worker per
    /// Pod; the parent still supervises it, so a SIGHUP replaces it without a refused connection.
    /// </summary>
    public int? Workers { get; set; }

    /// <summary>Warm spare processes kept booted beyond <see cref="Workers"/>, promoted at once when a worker dies. Default 0.</summary>
    public int SpareWorkers { get; set; } = SupervisionSettings.Default.SpareWorkers;

    /// <summary>
    /// oslo's <c>graceful_shutdown_timeout</c>: how long SIGTERM waits for the workers before they are killed; zero
    /// waits forever. Default 60 s. It wins over the Host's <c>ShutdownTimeout</c>: the workers' and the parent's Host
    /// get this value as their <c>ShutdownTimeout</c>, so Kestrel's drain and the parent's deadline agree.
    /// </summary>
    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>[process_launcher] drain_delay</c>: on SIGTERM (and in a worker a reload or scale-down retires), the mapped
    /// health checks report Unhealthy (503) at once while requests are still served for this long; then Kestrel stops
    /// accepting and requests in flight get <see cref="GracefulShutdownTimeout"/>, which starts only then. Zero
    /// (default) stops at once.
    /// </summary>
    public TimeSpan DrainDelay { get; set; }

    /// <summary>
    /// <c>[process_launcher] worker_memory_budget_mb</c>: MiB shared by the GC heaps of the workers and the spares (each
    /// gets budget / (workers + <see cref="SpareWorkers"/>) as <c>DOTNET_GCHeapHardLimit</c>); 0 (default) sets no limit.
    /// </summary>
    public int WorkerMemoryBudgetMb { get; set; }

    /// <summary>
    /// <c>[process_launcher] worker_processor_count</c>: the processor count each worker's runtime sizes itself for
    /// (<c>DOTNET_PROCESSOR_COUNT</c>). 0 (default here) gives each worker its share of the CPUs, CPUs / workers, at
    /// least 1, unless <c>DOTNET_PROCESSOR_COUNT</c> is already set; a positive number sets that count; -1 sets nothing
    /// (the default of oslo-config services, whose option this is: see docs/differences.md).
    /// </summary>
    public int WorkerProcessorCount { get; set; }

    /// <summary>
    /// <c>[process_launcher] max_requests</c>: recycle a worker once it has served this many HTTP requests (the
    /// endpoints mapped with <c>MapHealthChecks</c> not counted): its replacement starts and reports ready before it
    /// drains, so no request fails. 0 (default) disables it.
    /// </summary>
    public int MaxRequests { get; set; }

    /// <summary><c>[process_launcher] max_requests_jitter</c>: a random 0..N added to <see cref="MaxRequests"/> for each worker. Default 0.</summary>
    public int MaxRequestsJitter { get; set; }

    /// <summary>
    /// <c>[process_launcher] max_worker_memory_mb</c>: recycle a worker whose resident set size (RSS, MiB) stays above
    /// this for <see cref="MaxWorkerMemoryWindow"/>; 0 (default) disables it.
    /// </summary>
    public int MaxWorkerMemoryMb { get; set; }

    /// <summary>
    /// <c>[process_launcher] max_worker_memory_window</c>: how long every RSS sample must stay above
    /// <see cref="MaxWorkerMemoryMb"/> (also the minimum uptime before a memory recycle), whole seconds, at least 1 s.
    /// Default 60 s.
    /// </summary>
    public TimeSpan MaxWorkerMemoryWindow { get; set; } = RecycleSettings.Off.MemoryWindow;

    /// <summary><c>[process_launcher] max_worker_age</c>: recycle a worker once it has run this long; zero (default) disables it.</summary>
    public TimeSpan MaxWorkerAge { get; set; }

    /// <summary>
    /// <c>[process_launcher] hung_worker_stacks_command</c>: the <c>oslo-ctl</c> command line (e.g. <c>oslo-ctl</c> or
    /// <c>/usr/bin/dotnet /opt/oslo-ctl/oslo-ctl.dll</c>) the parent runs to log a worker's managed stacks before it
    /// SIGKILLs it (missed heartbeats, or the graceful deadline). Empty (default) disables it.
    /// </summary>
    public string HungWorkerStacksCommand { get; set; } = "";

    /// <summary>
    /// <c>[process_launcher] hung_worker_dump_dir</c>: where a mini dump of such a worker is written, after its stacks
    /// and by the same command, within the kill's bound (operations.md, "Hung workers"). Empty (default) disables it.
    /// </summary>
    public string HungWorkerDumpDir { get; set; } = "";

    /// <summary>
    /// What SIGHUP does. <see cref="RestartMethod.Reload"/> (default): replace the workers rolling and
    /// readiness-gated, so the new ones read appsettings.json afresh. <see cref="RestartMethod.Mutate"/>: each
    /// worker reloads its <c>IConfiguration</c> in place (same pids; <c>IOptionsMonitor</c> sees the change).
    /// </summary>
    public RestartMethod RestartMethod { get; set; } = RestartMethod.Reload;

    /// <summary>How many replacements a SIGHUP starts at once; each old worker stops once its replacement is ready. Default 1.</summary>
    public int ReloadSurge { get; set; } = 1;

    /// <summary>
    /// How long a replacement may take to become ready (the Host started and every health check Healthy) before
    /// the reload is aborted and the old workers keep serving. Default 120 s.
    /// </summary>
    public TimeSpan WorkerReadyTimeout { get; set; } = SupervisionSettings.Default.WorkerReadyTimeout;

    /// <summary>Kill and replace a worker whose heartbeats stop for this long; zero (default) disables it.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = SupervisionSettings.Default.HeartbeatTimeout;

    /// <summary>
    /// <c>boot_timeout</c>: how long a started worker may take to report ready (its Host started, health checks
    /// Healthy) before it is killed and replaced; zero disables it. Default 120 s.
    /// </summary>
    public TimeSpan BootTimeout { get; set; } = SupervisionSettings.Default.BootTimeout;

    /// <summary><c>restart_intensity</c>: more crashes than this within <see cref="RestartPeriod"/> start the back-off. Default 10.</summary>
    public int RestartIntensity { get; set; } = SupervisionSettings.Default.RestartIntensity;

    /// <summary><c>restart_period</c>: the window <see cref="RestartIntensity"/> counts crashes in. Default 30 s.</summary>
    public TimeSpan RestartPeriod { get; set; } = SupervisionSettings.Default.RestartPeriod;

    /// <summary><c>restart_backoff_initial</c>: the first delay before respawning a crash-looping worker, doubled each time. Default 1 s.</summary>
    public TimeSpan RestartBackoffInitial { get; set; } = SupervisionSettings.Default.BackoffInitial;

    /// <summary><c>restart_backoff_max</c>: the longest such delay. Default 60 s.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = SupervisionSettings.Default.BackoffMax;

    /// <summary><c>boot_failure_threshold</c>: workers dying before ready this many times in a row start the back-off. Default 3.</summary>
    public int BootFailureThreshold { get; set; } = SupervisionSettings.Default.BootFailureThreshold;

    /// <summary>The worker count in effect: <see cref="Workers"/>, or one per CPU.</summary>
    public int EffectiveWorkers => Workers ?? Supervision.CgroupCpuQuota.DefaultWorkerCount();

    /// <summary>What the supervisor runs with.</summary>
    internal SupervisionSettings ToSupervisionSettings() => SupervisionSettings.Default with
    {
        SpareWorkers = SpareWorkers,
        ReloadSurge = ReloadSurge,
        WorkerReadyTimeout = WorkerReadyTimeout,
        HeartbeatTimeout = HeartbeatTimeout,
        BootTimeout = BootTimeout,
        RestartIntensity = RestartIntensity,
        RestartPeriod = RestartPeriod,
        BackoffInitial = RestartBackoffInitial,
        BackoffMax = RestartBackoffMax,
        BootFailureThreshold = BootFailureThreshold,
        WorkerMemoryBudgetMb = WorkerMemoryBudgetMb,
        WorkerProcessorCount = WorkerProcessorCount,
        ShareConnections = true,
        HungWorkerStacksCommand = HungWorkerStacksCommand,
        HungWorkerDumpDir = HungWorkerDumpDir,
        Recycle = new RecycleSettings
        {
            MaxRequests = MaxRequests,
            MaxRequestsJitter = MaxRequestsJitter,
            MaxMemoryBytes = (long)MaxWorkerMemoryMb << 20,
            MemoryWindow = MaxWorkerMemoryWindow,
            MaxAge = MaxWorkerAge,
        },
    };
}
