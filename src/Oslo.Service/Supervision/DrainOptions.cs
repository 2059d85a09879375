using Oslo.Config;
using Oslo.Service.Supervision;

[assembly: OsloConfigOpts("oslo.service.supervision", typeof(DrainOptions), nameof(DrainOptions.ListOpts))]

namespace Oslo.Service.Supervision;

/// <summary>
/// <c>[process_launcher] drain_delay</c>: the first phase of a graceful stop, for load balancers. Read by every
/// launcher (a <see cref="Launching.ServiceLauncher"/> too: the group is the ProcessLauncher's, the behaviour is the
/// stop's).
/// </summary>
public static class DrainOptions
{
    /// <summary><c>drain_delay</c>: seconds between "not ready" and the listener closing, on a graceful stop.</summary>
    public static readonly FloatOpt DrainDelay = new("drain_delay", @default: 0.0, min: 0, max: 3600, mutable: true,
        help: "On SIGTERM (and in a worker retired by a reload, a recycle or a scale-down), readiness endpoints "
            + "answer 503 at once but requests are still served for this many seconds; then the listener closes and "
            + "requests in flight finish under graceful_shutdown_timeout, which starts only then (so a stop may take "
            + "drain_delay + graceful_shutdown_timeout; in Kubernetes set terminationGracePeriodSeconds above both). "
            + "Gives load balancers and Kubernetes endpoints time to stop sending new connections. 0 stops at once.");

    /// <summary>Every option of this file, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [DrainDelay];

    /// <summary>Namespace <c>oslo.service.supervision</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(SupervisionOptions.Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, SupervisionOptions.Group);
    }

    /// <summary>The configured delay; zero before the command line is parsed.</summary>
    internal static TimeSpan Read(ConfigOpts conf)
    {
        Register(conf);
        return conf.IsParsed ? TimeSpan.FromSeconds(conf.Get(DrainDelay, SupervisionOptions.Group)) : TimeSpan.Zero;
    }
}
