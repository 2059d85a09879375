using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// How <c>UseOsloWorkers</c> runs an app as worker processes. Bound from the configuration section
/// <see cref="SectionName"/> (<c>Oslo:Workers</c> in appsettings.json, <c>Oslo__Workers=3</c> in the environment,
/// <c>--Oslo:Workers=3</c> on the command line), then the <c>UseOsloWorkers</c> lambda; validated at start.
/// </summary>
public sealed class OsloWorkerOptions
{
    /// <summary>The configuration section: <c>Oslo</c>.</summary>
    public const string SectionName = "Oslo";

    /// <summary>
    /// How many worker processes run the app. Null (the default) means one per CPU the process may use
    /// (<see cref="Environment.ProcessorCount"/>, which honours a container's CPU limit): oslo's default for API
    /// workers, and what an HTTP app that is CPU-bound per request needs to use the machine. Set 1 for one worker per
    /// Pod; the parent still supervises it, so a SIGHUP replaces it without a refused connection.
    /// </summary>
    public int? Workers { get; set; }

    /// <summary>Warm spare processes kept booted beyond <see cref="Workers"/>, promoted at once when a worker dies. Default 0.</summary>
    public int SpareWorkers { get; set; }

    /// <summary>
    /// oslo's <c>graceful_shutdown_timeout</c>: how long SIGTERM waits for the workers before they are killed; zero
    /// waits forever. Default 60 s. It wins over the Host's <c>ShutdownTimeout</c>: the workers' and the parent's Host
    /// get this value as their <c>ShutdownTimeout</c>, so Kestrel's drain and the parent's deadline agree.
    /// </summary>
    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

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
    public TimeSpan WorkerReadyTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Kill and replace a worker whose heartbeats stop for this long; zero (default) disables it.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The worker count in effect: <see cref="Workers"/>, or one per CPU.</summary>
    public int EffectiveWorkers => Workers ?? Environment.ProcessorCount;
}
