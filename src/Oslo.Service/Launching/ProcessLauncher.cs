using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Signals;
using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

/// <summary>
/// oslo's <c>ProcessLauncher</c>: runs each launched service in N worker processes — this same program started again
/// and marked as worker K of service S — and keeps them alive. The parent runs the <see cref="ServiceLauncher"/>
/// loop over one <c>WorkerPool</c> per service; each worker runs the same loop over the real service. So one worker
/// and N share the lifecycle, the signal rules and the systemd messages; only the supervision differs.
/// </summary>
/// <remarks>
/// <para>The launcher plays one of two roles, chosen once at construction from <c>OSLO_SERVICE_WORKER</c>: the parent
/// (supervision, scaling, the parent's exit) or a worker (the service in-process, reporting to the parent).</para>
/// <para>Parent signals:</para>
/// <list type="table">
/// <item><term>SIGTERM</term><description><c>STOPPING=1</c>, stop respawning, SIGTERM every worker and wait; at
/// <c>graceful_shutdown_timeout</c> (0 = forever) SIGKILL whatever is left and exit 0. A second SIGTERM SIGKILLs
/// the workers and exits 1 at once.</description></item>
/// <item><term>SIGINT</term><description>SIGINT every worker, wait up to a second for them (then SIGKILL), exit 1.</description></item>
/// <item><term>SIGHUP, daemon</term><description><c>RELOADING=1</c>; 'reload': re-read the config in the parent,
/// reset the services there, then replace the workers rolling and readiness-gated (<c>reload_surge</c> at a time);
/// 'mutate': mutate the config, reset, and SIGHUP the workers, which mutate and reset in place (same pids).
/// <c>READY=1</c> after. A broken config restarts nothing. Bursts coalesce.</description></item>
/// <item><term>SIGHUP, terminal foreground</term><description>graceful stop, as SIGTERM.</description></item>
/// <item><term>SIGTTIN / SIGTTOU</term><description>one worker more / less for every service (never below 1).</description></item>
/// </list>
/// <para>Workers: SIGTERM graceful stop, exit 0; SIGINT exit 1 at once; SIGHUP mutate (or reload) and reset in
/// place. A worker whose parent dies logs "Parent process has died unexpectedly, exiting" and exits 1 within a
/// second (end-of-file on its control socket, plus <c>PR_SET_PDEATHSIG</c> on Linux).</para>
/// <para>Listening sockets obtained through <see cref="Sockets.InheritedSockets"/> before the workers start are
/// inherited by every worker.</para>
/// </remarks>
public sealed partial class ProcessLauncher : ServiceLauncher
{
    private readonly WorkerIdentity? _worker;
    private readonly ConfigOpts? _conf;
    private readonly TimeProvider _timeProvider;
    private readonly ParentRole? _parent;
    private readonly WorkerRole? _workerRole;
    private int _launched;

    /// <summary>Creates a multi-process launcher for services configured by <paramref name="conf"/>.</summary>
    /// <param name="conf">The configuration; the service and <c>[process_launcher]</c> options are registered on it.</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    /// <param name="loggerFactory">Where to log; a console logger when null.</param>
    /// <param name="timeProvider">The clock of deadlines, back-offs, heartbeats and the systemd watchdog.</param>
    /// <exception cref="ArgumentException">"Invalid restart_method: …" for a value outside the enum.</exception>
    public ProcessLauncher(ConfigOpts conf, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new ConfigOptsLauncherConfig(conf), restartMethod, loggerFactory, conf, WorkerIdentity.FromEnvironment(), timeProvider ?? TimeProvider.System, new DeferredLogger())
    {
    }

    /// <summary>The composition root of both roles; unit tests pass a fake runtime, spawner and settings.</summary>
    internal ProcessLauncher(
        ILauncherConfig config,
        RestartMethod restartMethod,
        ILoggerFactory? loggerFactory,
        ConfigOpts? conf,
        WorkerIdentity? worker,
        TimeProvider timeProvider,
        DeferredLogger earlyLogger,
        LauncherRuntime? runtime = null,
        IWorkerSpawner? spawner = null,
        SupervisionSettings? settings = null)
        : base(
            worker is null ? config : new WorkerLauncherConfig(config),
            restartMethod,
            loggerFactory,
            runtime ?? (worker is null ? ParentRole.CreateRuntime(earlyLogger, timeProvider) : WorkerRole.CreateRuntime(earlyLogger, timeProvider)),
            timeProvider)
    {
        _worker = worker;
        _conf = conf;
        _timeProvider = timeProvider;
        earlyLogger.Target = Logger;
        if (config is ConfigOptsLauncherConfig configOpts)
        {
            configOpts.Logger = Logger;
        }

        if (worker is null)
        {
            _parent = new ParentRole(this, conf, settings, spawner, timeProvider);
        }
        else
        {
            _workerRole = new WorkerRole(this, worker, conf, timeProvider);
        }
    }

    /// <summary>The <c>launch()</c> entry point's ProcessLauncher, over whatever configuration the launcher was given.</summary>
    internal static ProcessLauncher Create(ILauncherConfig config, RestartMethod restartMethod, ILoggerFactory? loggerFactory, TimeProvider? timeProvider) =>
        new(config, restartMethod, loggerFactory, (config as ConfigOptsLauncherConfig)?.Conf, WorkerIdentity.FromEnvironment(),
            timeProvider ?? TimeProvider.System, new DeferredLogger());

    /// <summary>True when this process is a worker started by a ProcessLauncher (it runs its service in-process).</summary>
    public bool IsWorker => _worker is not null;

    /// <summary>In the parent, the pids of the current workers of each launched service, by worker id.</summary>
    public IReadOnlyList<IReadOnlyDictionary<int, int>> WorkerPids =>
        _parent is null ? [] : [.. _parent.Pools.Select(pool => pool.WorkerPids)];

    /// <summary>
    /// Launches <paramref name="service"/> in <paramref name="workers"/> worker processes, started when the parent
    /// begins <see cref="WaitAsync"/> (oslo forks them here; a worker re-runs the program instead, so it is started
    /// once every socket the program binds before waiting exists, and inherits them all); the launcher's loop then
    /// waits for them to be ready. May be called several times with different services. In a worker, only the call whose position matches the worker's
    /// service runs, in-process.
    /// </summary>
    /// <param name="service">The service; built in the parent too (oslo resets it there on SIGHUP) but started only in workers.</param>
    /// <param name="workers">How many worker processes; null means 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">"Number of workers should be positive!" for 0 or less.</exception>
    public override void LaunchService(ServiceBase service, int? workers = 1)
    {
        ArgumentNullException.ThrowIfNull(service);
        int count = workers ?? 1;
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "Number of workers should be positive!");
        }

        int index = Interlocked.Increment(ref _launched) - 1;
        if (_workerRole is not null)
        {
            _workerRole.Launch(service, index);
        }
        else
        {
            _parent!.Launch(service, index, count);
        }
    }

    /// <summary>
    /// In the parent: runs the launcher loop over the worker pools until they stop (see the class remarks). In a
    /// worker: runs the service in-process with the worker's signal rules and reports to the parent.
    /// </summary>
    /// <returns>The process exit status.</returns>
    public override Task<int> WaitAsync(CancellationToken cancellationToken = default) =>
        _workerRole?.WaitAsync(cancellationToken) ?? _parent!.WaitAsync(cancellationToken);

    /// <summary>
    /// In the parent: reloads (or mutates) the configuration, resets each service in the parent, then replaces the
    /// workers rolling and readiness-gated ('reload') or sends them SIGHUP ('mutate'). In a worker: the in-process
    /// restart, then a report to the parent. A broken config file changes nothing.
    /// </summary>
    /// <returns>True when the configuration was applied (and, for 'reload', every worker replaced).</returns>
    public override Task<bool> RestartAsync(CancellationToken cancellationToken = default) =>
        _workerRole?.RestartAsync(cancellationToken) ?? _parent!.RestartAsync(cancellationToken);

    /// <summary>The parent takes its workers with it; a worker just ends (status 1).</summary>
    private protected override ValueTask<int> ExitAtOnceAsync(ImmediateExit reason) =>
        _parent?.ExitAtOnceAsync(reason) ?? base.ExitAtOnceAsync(reason);

    // What the roles use of the ServiceLauncher they are composed into.
    private ILogger RoleLogger => Logger;

    private void LaunchInLoop(ServiceBase service) => base.LaunchService(service, 1);

    private Task<int> RunLoopAsync(CancellationToken cancellationToken) => base.WaitAsync(cancellationToken);

    private Task<bool> RestartInProcessAsync(CancellationToken cancellationToken) => base.RestartAsync(cancellationToken);
}
