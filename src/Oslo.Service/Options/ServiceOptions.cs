using Oslo.Config;

namespace Oslo.Service;

/// <summary>
/// The <c>[DEFAULT]</c> options of oslo.service 3.x (<c>oslo_service/_options.py</c>): names, types, defaults and
/// help texts exactly as oslo.service 3.x defines them, typos and double spaces included, so generated samples
/// and existing config files match. 3.x does not mark them deprecated for removal (HEAD does).
/// </summary>
public static class ServiceOptions
{
    /// <summary>oslo.service's <c>help_for_backdoor_port</c>.</summary>
    public const string HelpForBackdoorPort =
        "Acceptable values are 0, <port>, and <start>:<end>, where 0 results "
        + "in listening on a random tcp port number; <port> results in listening "
        + "on the specified port number (and not enabling backdoor if that port "
        + "is in use); and <start>:<end> results in listening on the smallest "
        + "unused port number within the specified range of port numbers.  The "
        + "chosen port is displayed in the service's log file.";

    /// <summary><c>backdoor_port</c>: where the debug backdoor listens (0, a port, or a <c>start:end</c> range).</summary>
    public static readonly StrOpt BackdoorPort = new("backdoor_port",
        help: "Enable eventlet backdoor.  " + HelpForBackdoorPort);

    /// <summary><c>backdoor_socket</c>: a unix socket path for the debug backdoor (<c>{pid}</c> is replaced).</summary>
    public static readonly StrOpt BackdoorSocket = new("backdoor_socket",
        help: "Enable eventlet backdoor, using the provided path as a unix socket that can receive connections. "
            + "This option is mutually exclusive with 'backdoor_port' in that only one should be provided. If "
            + "both are provided then the existence of this option overrides the usage of that option. Inside the "
            + "path {pid} will be replaced with the PID of the current process.");

    /// <summary><c>log_options</c>: log every option value at DEBUG level when a service starts.</summary>
    public static readonly BoolOpt LogOptions = new("log_options", @default: true,
        help: "Enables or disables logging values of all registered options when starting a service (at DEBUG level).");

    /// <summary><c>graceful_shutdown_timeout</c>: seconds a graceful shutdown may take; 0 waits forever.</summary>
    public static readonly IntOpt GracefulShutdownTimeout = new("graceful_shutdown_timeout", @default: 60,
        help: "Specify a timeout after which a gracefully shutdown server will exit. Zero value means endless wait.");

    /// <summary><c>run_external_periodic_tasks</c>: whether this process runs periodic tasks marked external.</summary>
    public static readonly BoolOpt RunExternalPeriodicTasks = new("run_external_periodic_tasks", @default: true,
        help: "Some periodic tasks can be run in a separate process. Should we run them here?");

    /// <summary>oslo.service's <c>eventlet_backdoor_opts</c>.</summary>
    public static IReadOnlyList<Opt> EventletBackdoorOpts { get; } = [BackdoorPort, BackdoorSocket];

    /// <summary>oslo.service's <c>service_opts</c>.</summary>
    public static IReadOnlyList<Opt> ServiceOpts { get; } = [LogOptions, GracefulShutdownTimeout];

    /// <summary>oslo.service's <c>periodic_opts</c>.</summary>
    public static IReadOnlyList<Opt> PeriodicOpts { get; } = [RunExternalPeriodicTasks];

    /// <summary>Namespace <c>oslo.service.service</c>: backdoor and service options in DEFAULT.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListServiceOpts() =>
        [(null, [.. EventletBackdoorOpts, .. ServiceOpts])];

    /// <summary>Namespace <c>oslo.service.periodic_task</c>: the periodic task option in DEFAULT.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListPeriodicTaskOpts() =>
        [(null, PeriodicOpts)];

    /// <summary>Registers the service options (oslo.service's <c>register_service_opts</c>); idempotent.</summary>
    public static void RegisterServiceOpts(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(ServiceOpts);
    }

    /// <summary>
    /// Registers the service options and replaces the defaults an application gives (oslo.service 4.x's
    /// <c>set_service_opts_defaults(conf, graceful_shutdown_timeout=…, log_options=…)</c>). The new defaults hold for
    /// <paramref name="conf"/> only (oslo changes the option objects, and so every configuration of the process); a
    /// value from a file, the command line or an override still wins.
    /// </summary>
    /// <param name="conf">The configuration.</param>
    /// <param name="gracefulShutdownTimeout">The new default of <c>graceful_shutdown_timeout</c> (seconds; 0 waits forever); unchanged when null.</param>
    /// <param name="logOptions">The new default of <c>log_options</c>; unchanged when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gracefulShutdownTimeout"/> is negative.</exception>
    public static void SetServiceOptsDefaults(ConfigOpts conf, int? gracefulShutdownTimeout = null, bool? logOptions = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        RegisterServiceOpts(conf);
        if (gracefulShutdownTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(timeout, nameof(gracefulShutdownTimeout));
            conf.SetDefault(GracefulShutdownTimeout.Name, timeout);
        }

        if (logOptions is { } log)
        {
            conf.SetDefault(LogOptions.Name, log);
        }
    }
}
