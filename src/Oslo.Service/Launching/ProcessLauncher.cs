using System.Globalization;
using System.Runtime.InteropServices;

using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Interop;
using Oslo.Service.Logging;
using Oslo.Service.Signals;
using Oslo.Service.Supervision;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

/// <summary>
/// oslo's <c>ProcessLauncher</c>: runs each launched service in N worker processes — this same program started again
/// and marked as worker K of service S — and keeps them alive. The parent runs the <see cref="ServiceLauncher"/>
/// loop over one <c>WorkerPool</c> per service; each worker runs the same loop over the real service. So one worker
/// and N share the lifecycle, the signal rules and the systemd messages; only the supervision differs.
/// </summary>
/// <remarks>
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
    private readonly ExitHandler _exit;
    private readonly Func<SupervisionSettings> _settings;
    private readonly TimeProvider _timeProvider;
    private readonly List<WorkerPool> _pools = [];
    private readonly ConfigOpts? _conf;
    private SupervisionSettings _current;
    private WorkerSpawner? _spawner;
    private int _launched;

    /// <summary>Creates a multi-process launcher for services configured by <paramref name="conf"/>.</summary>
    /// <param name="conf">The configuration; the service and <c>[process_launcher]</c> options are registered on it.</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    /// <param name="loggerFactory">Where to log; a console logger when null.</param>
    /// <param name="timeProvider">The clock of deadlines, back-offs, heartbeats and the systemd watchdog.</param>
    /// <exception cref="ArgumentException">"Invalid restart_method: …" for a value outside the enum.</exception>
    public ProcessLauncher(ConfigOpts conf, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new ConfigOptsLauncherConfig(conf), restartMethod, loggerFactory, conf, null, WorkerIdentity.Parse(Environment.GetEnvironmentVariable(WorkerIdentity.Variable)), timeProvider ?? TimeProvider.System, new ExitHandler())
    {
    }

    internal ProcessLauncher(
        ILauncherConfig config,
        RestartMethod restartMethod,
        ILoggerFactory? loggerFactory,
        ConfigOpts? conf,
        SupervisionSettings? settings,
        WorkerIdentity? worker,
        TimeProvider timeProvider,
        ExitHandler exit)
        : base(worker is null ? config : new WorkerLauncherConfig(config), restartMethod, loggerFactory, CreateRuntime(worker, exit, timeProvider), timeProvider)
    {
        _worker = worker;
        _exit = exit;
        _conf = conf;
        _timeProvider = timeProvider;
        exit.Logger.Target = Logger;
        if (config is ConfigOptsLauncherConfig configOpts)
        {
            configOpts.Logger = Logger;
        }

        exit.Launcher = this;
        // Only the parent supervises; a worker registers the options (its config file may set them) but reads none.
        if (worker is not null && conf is not null)
        {
            SupervisionOptions.Register(conf);
        }

        _current = settings ?? (worker is null ? SupervisionSettings.FromConfig(conf) : SupervisionSettings.Default);
        _settings = () => Volatile.Read(ref _current);
        if (worker is not null)
        {
            // Not for anything this worker starts in turn.
            Environment.SetEnvironmentVariable(WorkerIdentity.Variable, null);
            if (!worker.IsSpare)
            {
                WorkerContext.Set(new WorkerContext(worker.ServiceIndex, worker.WorkerId));
            }
        }
    }

    /// <summary>The <c>launch()</c> entry point's ProcessLauncher, over whatever configuration the launcher was given.</summary>
    internal static ProcessLauncher Create(ILauncherConfig config, RestartMethod restartMethod, ILoggerFactory? loggerFactory, TimeProvider? timeProvider) =>
        new(config, restartMethod, loggerFactory, (config as ConfigOptsLauncherConfig)?.Conf, null,
            WorkerIdentity.Parse(Environment.GetEnvironmentVariable(WorkerIdentity.Variable)), timeProvider ?? TimeProvider.System, new ExitHandler());

    /// <summary>True when this process is a worker started by a ProcessLauncher (it runs its service in-process).</summary>
    public bool IsWorker => _worker is not null;

    /// <summary>In the parent, the pids of the current workers of each launched service, by worker id.</summary>
    public IReadOnlyList<IReadOnlyDictionary<int, int>> WorkerPids
    {
        get
        {
            lock (_pools)
            {
                return [.. _pools.Select(pool => pool.WorkerPids)];
            }
        }
    }

    /// <summary>
    /// Launches <paramref name="service"/> in <paramref name="workers"/> worker processes, started at once (as oslo
    /// forks them in <c>launch_service</c>); the launcher's loop then waits for them to be ready. May be
    /// called several times with different services. In a worker, only the call whose position matches the worker's
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
        if (_worker is not null)
        {
            if (index == _worker.ServiceIndex)
            {
                LaunchInWorker(service);
            }

            return;
        }

        Logger.StartingWorkers(count);
        var pool = new WorkerPool(service, index, count, Spawner, _settings, s_workerEnvironment, _timeProvider, Logger);
        lock (_pools)
        {
            _pools.Add(pool);
        }

        // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP (queued for the loop from now on);
        // then the workers start at once, as oslo forks them here, and boot while the parent builds its loop.
        base.LaunchService(pool, 1);
        pool.Launch();
    }

    /// <summary>
    /// In the parent: runs the launcher loop over the worker pools until they stop (see the class remarks). In a
    /// worker: runs the service in-process with the worker's signal rules and reports to the parent.
    /// </summary>
    /// <returns>The process exit status.</returns>
    public override async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        if (_worker is not null)
        {
            return await WaitAsWorkerAsync(_worker, cancellationToken).ConfigureAwait(false);
        }

        using IDisposable? scaling = OperatingSystem.IsWindows() ? null : new ScaleSignals(OnScaleSignal);
        TimeSpan? watchdogInterval = WatchdogSettings.FromEnvironment();
        using SystemdWatchdog? watchdog = watchdogInterval is { } interval
            ? new SystemdWatchdog(_timeProvider, interval, () => PingWatchdogIfFresh(interval))
            : null;
        _ = Ready.ContinueWith(
            static (task, self) => ((ProcessLauncher)self!).OnWorkersReady(),
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            return await base.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _spawner?.Dispose();
        }
    }

    /// <summary>
    /// In the parent: reloads (or mutates) the configuration, resets each service in the parent, then replaces the
    /// workers rolling and readiness-gated ('reload') or sends them SIGHUP ('mutate'). In a worker: the in-process
    /// restart, then a report to the parent. A broken config file changes nothing.
    /// </summary>
    /// <returns>True when the configuration was applied (and, for 'reload', every worker replaced).</returns>
    public override async Task<bool> RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_worker is not null)
        {
            bool restarted = await base.RestartAsync(cancellationToken).ConfigureAwait(false);
            _agent?.Send(ControlMessage.Restarted);
            return restarted;
        }

        bool applied = RestartMethod == RestartMethod.Reload ? Config.ReloadConfigFiles() : Config.MutateConfigFiles();
        if (!applied)
        {
            Logger.ConfigReloadFailed(RestartMethod.ToOsloName());
            return false;
        }

        if (_conf is not null)
        {
            // The [process_launcher] options are mutable: a reload or mutate applies them from now on.
            Volatile.Write(ref _current, SupervisionSettings.FromConfig(_conf));
        }

        WorkerPool[] pools;
        lock (_pools)
        {
            pools = [.. _pools];
        }

        foreach (WorkerPool pool in pools)
        {
            await pool.ResetAsync(cancellationToken).ConfigureAwait(false);
        }

        bool replacedAll = true;
        foreach (WorkerPool pool in pools)
        {
            if (RestartMethod == RestartMethod.Reload)
            {
                // An aborted rolling reload (a replacement never became ready) leaves the old workers serving: the
                // reload is reported as failed, not completed, to the log and to systemd.
                replacedAll &= await pool.RollingReloadAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await pool.MutateAsync(cancellationToken).ConfigureAwait(false);
            }

            pool.ReplaceSpares();
        }

        return replacedAll;
    }

    /// <summary>Environment for workers: small processes, so a non-concurrent workstation GC unless the user chose otherwise.</summary>
    private static readonly IReadOnlyList<KeyValuePair<string, string>> s_workerEnvironment =
    [
        new("DOTNET_gcServer", "0"),
        new("DOTNET_gcConcurrent", "0"),
    ];

    private WorkerSpawner Spawner
    {
        get
        {
            lock (_pools)
            {
                return _spawner ??= new WorkerSpawner();
            }
        }
    }

    private static LauncherRuntime CreateRuntime(WorkerIdentity? worker, ExitHandler exit, TimeProvider timeProvider)
    {
        if (worker is not null)
        {
            return new LauncherRuntime
            {
                Signals = new PosixSignalSource(exit.Logger),
                // The parent decides what a terminal hang-up means; a worker always restarts in place on SIGHUP.
                IsDaemon = static () => true,
                Notifier = new SystemdNotifier(null),
                WatchdogInterval = null,
                TimeProvider = timeProvider,
            };
        }

        var signals = new RecordingSignalSource(new PosixSignalSource(exit.Logger));
        exit.Signals = signals;
        return new LauncherRuntime
        {
            Signals = signals,
            IsDaemon = TerminalState.IsDaemon,
            Notifier = SystemdNotifier.FromEnvironment(exit.Logger),
            // The parent pings the watchdog itself, and only while every worker's heartbeat is fresh.
            WatchdogInterval = null,
            TimeProvider = timeProvider,
            Exit = exit.Exit,
        };
    }

    private void OnScaleSignal(PosixSignal signal)
    {
        WorkerPool[] pools;
        lock (_pools)
        {
            pools = [.. _pools];
        }

        bool up = !OperatingSystem.IsWindows() && signal == PosixSignal.SIGTTIN;
        foreach (WorkerPool pool in pools)
        {
            pool.Scale(up ? 1 : -1, up ? "SIGTTIN" : "SIGTTOU");
        }
    }

    private void OnWorkersReady()
    {
        int workers;
        lock (_pools)
        {
            workers = _pools.Sum(pool => pool.Target);
        }

        Notifier.NotifyStatus(string.Create(CultureInfo.InvariantCulture, $"{workers} workers ready"));
    }

    private void PingWatchdogIfFresh(TimeSpan pingInterval)
    {
        // A worker that missed three heartbeats in a row is hung: systemd hears of it at once, whether or not
        // heartbeat_timeout (always longer) will kill and replace it later.
        SupervisionSettings settings = _settings();
        TimeSpan threshold = 3 * settings.HeartbeatInterval;
        if (threshold < pingInterval)
        {
            threshold = pingInterval + settings.HeartbeatInterval;
        }

        bool fresh;
        lock (_pools)
        {
            fresh = _pools.All(pool => pool.AllFresh(threshold));
        }

        if (fresh)
        {
            Notifier.NotifyWatchdog();
        }
    }

    /// <summary>Ends the parent at once (SIGINT, second SIGTERM, graceful deadline) without leaving a worker behind.</summary>
    internal sealed class ExitHandler
    {
        private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(1);

        internal DeferredLogger Logger { get; } = new();

        internal RecordingSignalSource? Signals { get; set; }

        internal ProcessLauncher? Launcher { get; set; }

        /// <summary>Replaced by tests; <see cref="Environment.Exit(int)"/> otherwise.</summary>
        internal Action<int> Terminate { get; init; } = Environment.Exit;

        internal void Exit(int status)
        {
            ProcessLauncher? launcher = Launcher;
            WorkerPool[] pools = [];
            if (launcher is not null)
            {
                lock (launcher._pools)
                {
                    pools = [.. launcher._pools];
                }
            }

            // SIGINT is passed on (workers exit 1 at once); a second SIGTERM or the graceful deadline kill.
            bool sigint = Signals?.Last == PosixSignal.SIGINT;
            int signal = sigint ? SignalNumbers.SigInt : SignalNumbers.SigKill;
            int exitStatus = sigint || (Signals?.Terms ?? 0) >= 2 ? 1 : 0;
            int signalled = pools.Sum(pool => pool.SignalAll(signal));
            Logger.ChildrenSignalledOnExit(signal, signalled);
            Task allGone = Task.WhenAll(pools.Select(pool => pool.AllExited));
            if (!allGone.Wait(s_grace) && sigint)
            {
                _ = pools.Sum(pool => pool.SignalAll(SignalNumbers.SigKill));
                _ = allGone.Wait(s_grace);
            }

            launcher?.FlushLoggingBeforeExit();
            Terminate(exitStatus);
        }
    }
}
