using Oslo.Config;
using Oslo.Service.Supervision;

[assembly: OsloConfigOpts("oslo.service.supervision", typeof(SupervisionOptions), nameof(SupervisionOptions.ListOpts))]

namespace Oslo.Service.Supervision;

/// <summary>
/// The <c>[process_launcher]</c> options of the ProcessLauncher: crash-loop protection, hung-worker detection, warm
/// spares and the rolling reload. They are ours (oslo.service has none of them); oslo's own "Forking too fast"
/// guard always applies underneath them.
/// </summary>
public static class SupervisionOptions
{
    /// <summary>The group, <c>[process_launcher]</c>.</summary>
    public static readonly OptGroup Group = new("process_launcher", title: "ProcessLauncher supervision",
        help: "How the ProcessLauncher keeps its worker processes alive.");

    /// <summary><c>restart_intensity</c>: restarts of one service's workers allowed in <c>restart_period</c> before backing off.</summary>
    public static readonly IntOpt RestartIntensity = new("restart_intensity", @default: 10, min: 1, mutable: true,
        help: "How many worker restarts of one service are allowed within restart_period seconds before further "
            + "restarts back off exponentially (Erlang's supervisor intensity).");

    /// <summary><c>restart_period</c>: the sliding window of <c>restart_intensity</c>, in seconds.</summary>
    public static readonly IntOpt RestartPeriod = new("restart_period", @default: 30, min: 1, mutable: true,
        help: "The window, in seconds, over which restart_intensity is counted. A service whose workers have not "
            + "been restarted for this long starts again with no back-off.");

    /// <summary><c>restart_backoff_initial</c>: the first back-off delay, in seconds.</summary>
    public static readonly FloatOpt RestartBackoffInitial = new("restart_backoff_initial", @default: 1.0, min: 0, mutable: true,
        help: "First delay, in seconds, before restarting a worker once restart_intensity is exceeded or a worker "
            + "keeps failing to boot; it doubles on each further restart.");

    /// <summary><c>restart_backoff_max</c>: the largest back-off delay, in seconds.</summary>
    public static readonly FloatOpt RestartBackoffMax = new("restart_backoff_max", @default: 60.0, min: 0, mutable: true,
        help: "Largest delay, in seconds, between two restarts of a crash-looping worker.");

    /// <summary><c>boot_failure_threshold</c>: consecutive deaths before readiness after which restarts back off.</summary>
    public static readonly IntOpt BootFailureThreshold = new("boot_failure_threshold", @default: 3, min: 1, mutable: true,
        help: "How many workers of one service may die in a row before they report ready; beyond it the failure is "
            + "logged as a boot failure and restarts back off.");

    /// <summary><c>boot_timeout</c>: seconds a started worker may take to report ready before it is killed; 0 disables.</summary>
    public static readonly IntOpt BootTimeout = new("boot_timeout", @default: 120, min: 0, mutable: true,
        help: "Kill and replace a worker (or spare) that has not reported ready this many seconds after it was "
            + "started (or promoted): a worker that hangs while booting sends no heartbeat yet. It counts as a boot "
            + "failure for boot_failure_threshold. 0 disables it.");

    /// <summary><c>heartbeat_timeout</c>: seconds without a heartbeat after which a worker is killed; 0 disables.</summary>
    public static readonly IntOpt HeartbeatTimeout = new("heartbeat_timeout", @default: 0, min: 0, mutable: true,
        help: "Kill and replace a worker whose heartbeat has not arrived for this many seconds (gunicorn's timeout). "
            + "0 disables it.");

    /// <summary><c>hung_worker_stacks_command</c>: the tool that captures a worker's stacks before it is SIGKILLed; empty disables.</summary>
    public static readonly StrOpt HungWorkerStacksCommand = new("hung_worker_stacks_command", @default: "",
        help: "Before a worker is SIGKILLed because it missed its heartbeats (heartbeat_timeout) or was still running "
            + "at graceful_shutdown_timeout, log its managed thread stacks as printed by '<this command> stacks --pid "
            + "PID': the oslo-ctl tool (dotnet tool install Oslo.Service.Ctl; give the full path when the service's "
            + "PATH lacks ~/.dotnet/tools), e.g. 'oslo-ctl' or '/usr/bin/dotnet /opt/tools/oslo-ctl.dll'. Words are "
            + "split on spaces. The capture starts when a worker is half-way to its heartbeat timeout; the kill never "
            + "waits more than 0.6 s for it. Empty disables it.");

    /// <summary><c>hung_worker_dump_dir</c>: where a mini dump of a worker is written before it is SIGKILLed; empty disables.</summary>
    public static readonly StrOpt HungWorkerDumpDir = new("hung_worker_dump_dir", @default: "",
        help: "Directory in which to write a mini dump (threads, stacks, modules; 'dotnet-dump analyze' reads it) of a "
            + "worker before it is SIGKILLed for the reasons hung_worker_stacks_command names, as "
            + "oslo-worker-<id>-<pid>-<UTC time>.dmp, mode 0600 (the directory is created 0700 when missing). It is "
            + "written by '<hung_worker_stacks_command> dump --pid PID --output FILE' right after the stacks, so that "
            + "option must be set too. The kill never waits more than 0.6 s for it: a dump not finished by then is "
            + "logged as cut short and the file is incomplete. Empty disables it.");

    /// <summary><c>spare_workers</c>: pre-started spare workers per service; 0 disables.</summary>
    public static readonly IntOpt SpareWorkers = new("spare_workers", @default: 0, min: 0,
        help: "Keep this many pre-started spare worker processes per service (program loaded, service built, not "
            + "started) and promote one when a worker dies, instead of starting a process then.");

    /// <summary><c>reload_surge</c>: workers replaced at once during a rolling reload; 0 means all of them.</summary>
    public static readonly IntOpt ReloadSurge = new("reload_surge", @default: 0, min: 0, mutable: true,
        help: "During a SIGHUP reload, how many replacement workers may run on top of the configured count; "
            + "workers are replaced this many at a time, each old one stopped only once its replacement is ready. "
            + "0 replaces all of them at once (still readiness-gated: the old workers stop only once every "
            + "replacement is ready), the fastest reload at the cost of twice the processes for a moment.");

    /// <summary><c>worker_ready_timeout</c>: how long a replacement worker may take to become ready during a reload.</summary>
    public static readonly IntOpt WorkerReadyTimeout = new("worker_ready_timeout", @default: 120, min: 1, mutable: true,
        help: "Seconds a replacement worker may take to report ready during a rolling reload; when it does not, the "
            + "reload stops and the remaining old workers keep running.");

    /// <summary>Every option of the group, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } =
    [
        RestartIntensity, RestartPeriod, RestartBackoffInitial, RestartBackoffMax, BootFailureThreshold,
        BootTimeout, HeartbeatTimeout, HungWorkerStacksCommand, HungWorkerDumpDir, SpareWorkers, ReloadSurge, WorkerReadyTimeout,
    ];

    /// <summary>Namespace <c>oslo.service.supervision</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, Group);
    }
}
