using Oslo.Config;
using Oslo.Service.Metrics;

[assembly: OsloConfigOpts("oslo.service.metrics", typeof(MetricsOptions), nameof(MetricsOptions.ListOpts))]

namespace Oslo.Service.Metrics;

/// <summary>
/// The <c>[metrics]</c> options: the Prometheus endpoint a process launcher's parent serves for the whole worker
/// family (our own; oslo.service has none). Off by default.
/// </summary>
public static class MetricsOptions
{
    /// <summary>The group, <c>[metrics]</c>.</summary>
    public static readonly OptGroup Group = new("metrics", title: "Metrics endpoint",
        help: "The Prometheus endpoint of the whole worker family, served by the parent process.");

    /// <summary><c>enabled</c>: serve <c>/metrics</c>.</summary>
    public static readonly BoolOpt Enabled = new("enabled", @default: false,
        help: "Serve the measurements of the parent and every worker (one series per worker_id, plus family totals "
            + "with worker_id=\"all\") in the Prometheus text format at http://bind_host:bind_port/metrics.");

    /// <summary><c>bind_host</c>: the address the endpoint listens on.</summary>
    public static readonly HostAddressOpt BindHost = new("bind_host", @default: "127.0.0.1",
        help: "The address the metrics endpoint listens on. The default keeps it on the loopback interface; a "
            + "scraper on another host needs an address it can reach (the endpoint has no authentication).");

    /// <summary><c>bind_port</c>: the port the endpoint listens on.</summary>
    public static readonly PortOpt BindPort = new("bind_port", @default: 9464, min: 1,
        help: "The TCP port of the metrics endpoint (9464 is the OpenTelemetry Prometheus exporter's default).");

    /// <summary>Every option of the group, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [Enabled, BindHost, BindPort];

    /// <summary>Namespace <c>oslo.service.metrics</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    /// <param name="conf">The configuration.</param>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, Group);
    }
}
