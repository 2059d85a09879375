using Oslo.Config;

using OsloWorker;

// Published for oslo-config-generator and oslo-config-validator (oslo's "oslo.config.opts" entry point).
[assembly: OsloConfigOpts("osloworker", typeof(WorkerOptions), nameof(WorkerOptions.ListOpts))]

namespace OsloWorker;

/// <summary>The service's own options: [DEFAULT] workers (also on the command line) and the [report] group.</summary>
public static class WorkerOptions
{
    /// <summary>How many worker processes run the service.</summary>
    public static readonly IntOpt Workers = new("workers", @default: 1, min: 1,
        help: "How many worker processes run the service (1 runs it in the launcher's process).");

    /// <summary>The [report] group.</summary>
    public static readonly OptGroup ReportGroup = new("report", title: "The periodic report task");

    /// <summary>Seconds between two runs of the report task.</summary>
    public static readonly IntOpt Interval = new("interval", @default: 10, min: 1,
        help: "Seconds between two runs of the report task; SIGHUP (as a daemon) re-reads it.");

    /// <summary>Options also given on the command line.</summary>
    public static IReadOnlyList<Opt> Cli { get; } = [Workers];

    /// <summary>The options of the [report] group.</summary>
    public static IReadOnlyList<Opt> Report { get; } = [Interval];

    /// <summary>Every option, by group, for the config generator.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() =>
        [(null, Cli), (ReportGroup, Report)];
}
