using Oslo.Config;
using Oslo.Service.Supervision;

[assembly: OsloConfigOpts("oslo.service.recycling", typeof(RecycleOptions), nameof(RecycleOptions.ListOpts))]

namespace Oslo.Service.Supervision;

/// <summary>
/// The recycling options of <c>[process_launcher]</c>: replace a worker after a number of requests, past a memory
/// limit held for a while, or past an age (gunicorn's <c>max_requests</c>, uWSGI's <c>reload-on-rss</c>, IIS
/// recycling). Every recycle goes through the readiness-gated rolling path: the replacement starts and reports ready
/// before the old worker is told to stop, one recycle at a time per service, never while a reload is rolling.
/// </summary>
public static class RecycleOptions
{
    /// <summary><c>max_requests</c>: HTTP requests a worker serves before it is recycled; 0 disables.</summary>
    public static readonly IntOpt MaxRequests = new("max_requests", @default: 0, min: 0,
        help: "Recycle a worker once it has served this many HTTP requests (health and readiness probes not "
            + "counted): a replacement is started and must report ready before the old worker drains, so no request "
            + "fails. Workers report their count with each heartbeat (at least once a second), so a busy worker may "
            + "serve a second's worth more before its recycle starts. 0 disables it (gunicorn's max_requests).");

    /// <summary><c>max_requests_jitter</c>: a random 0..N added to <c>max_requests</c> per worker.</summary>
    public static readonly IntOpt MaxRequestsJitter = new("max_requests_jitter", @default: 0, min: 0,
        help: "Add a random number of requests between 0 and this value to max_requests, drawn for each worker when "
            + "it starts, so workers started together are not all recycled together.");

    /// <summary><c>max_worker_memory_mb</c>: resident memory (RSS, MiB) over which a worker is recycled; 0 disables.</summary>
    public static readonly IntOpt MaxWorkerMemoryMb = new("max_worker_memory_mb", @default: 0, min: 0,
        help: "Recycle a worker whose resident set size (RSS, read by the parent from /proc/PID/statm every second: "
            + "what top and the OOM killer see, not the GC heap) stays above this many MiB for "
            + "max_worker_memory_window seconds. A worker already above it at its first sample after it reported "
            + "ready is not recycled for memory until it has been seen under the limit (its replacement would start "
            + "above it too, and recycling would loop): a warning says so, and the limit should be raised. 0 "
            + "disables it.");

    /// <summary><c>max_worker_memory_window</c>: seconds the memory must stay over the limit.</summary>
    public static readonly IntOpt MaxWorkerMemoryWindow = new("max_worker_memory_window", @default: 60, min: 1,
        help: "How long, in seconds, every sample of a worker's RSS must stay above max_worker_memory_mb before it is "
            + "recycled; it is also the minimum uptime (counted from ready) before a worker can be recycled for "
            + "memory. A single spike (a large request, a GC not yet run) does not recycle a worker.");

    /// <summary><c>max_worker_age</c>: seconds after which a worker is recycled; 0 disables.</summary>
    public static readonly IntOpt MaxWorkerAge = new("max_worker_age", @default: 0, min: 0,
        help: "Recycle a worker once it has been running for this many seconds (IIS's periodic recycling). 0 "
            + "disables it.");

    /// <summary>Every option of the group, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [MaxRequests, MaxRequestsJitter, MaxWorkerMemoryMb, MaxWorkerMemoryWindow, MaxWorkerAge];

    /// <summary>Namespace <c>oslo.service.recycling</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(SupervisionOptions.Group, Opts)];

    /// <summary>Registers the options in <c>[process_launcher]</c> on <paramref name="conf"/>; idempotent.</summary>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, SupervisionOptions.Group);
    }
}
