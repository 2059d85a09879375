using System.Globalization;
using System.Runtime.InteropServices;

using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Control;
using Oslo.Service.Interop;
using Oslo.Service.Logging;
using Oslo.Service.Metrics;
using Oslo.Service.Signals;
using Oslo.Service.Supervision;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

public sealed partial class ProcessLauncher
{
    /// <summary>
    /// The parent's role: one <see cref="WorkerPool"/> per launched service, scaling signals, the systemd watchdog fed
    /// by the workers' heartbeats, the SIGHUP that replaces or mutates the workers, and an exit that takes the workers
    /// with it.
    /// </summary>
    private sealed class ParentRole
    {
        private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(1);

        /// <summary>Environment for workers: small processes, so a non-concurrent workstation GC unless the user chose otherwise.</summary>
        private static readonly IReadOnlyList<KeyValuePair<string, string>> s_workerEnvironment =
        [
            new("DOTNET_gcServer", "0"),
            new("DOTNET_gcConcurrent", "0"),
        ];

        private readonly ProcessLauncher _launcher;
        private readonly ConfigOpts? _conf;
        private readonly TimeProvider _timeProvider;
        private readonly List<WorkerPool> _pools = [];
        private readonly Func<SupervisionSettings> _settings;
        private readonly FamilyMetrics? _family;
        private readonly List<TaskCompletionSource<bool>> _reloadWaiters = [];

        // Opened when the parent begins to wait; until then no pool spawns (see Launch).
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SupervisionSettings _current;
        private IWorkerSpawner? _spawner;

        internal ParentRole(ProcessLauncher launcher, ConfigOpts? conf, SupervisionSettings? settings, IWorkerSpawner? spawner, TimeProvider timeProvider)
        {
            _launcher = launcher;
            _conf = conf;
            _timeProvider = timeProvider;
            _spawner = spawner;
            _current = settings ?? SupervisionSettings.FromConfig(conf);
            _settings = () => Volatile.Read(ref _current);
            if (conf is not null)
            {
                MetricsOptions.Register(conf);
                ControlOptions.Register(conf);
                // The workers report their measurements when either needs them (see WorkerRole.ParentCollectsMetrics).
                if (conf.Get(MetricsOptions.Enabled, MetricsOptions.Group) || !string.IsNullOrEmpty(conf.Get(ControlOptions.SocketPath, ControlOptions.Group)))
                {
                    _family = new FamilyMetrics();
                }
            }
        }

        internal WorkerPool[] Pools
        {
            get
            {
                lock (_pools)
                {
                    return [.. _pools];
                }
            }
        }

        private ILogger Logger => _launcher.RoleLogger;

        private IWorkerSpawner Spawner
        {
            get
            {
                lock (_pools)
                {
                    return _spawner ??= new WorkerSpawner(() => _settings().WorkerMemoryBudgetMb, () => _settings().WorkerProcessorCount);
                }
            }
        }

        internal static LauncherRuntime CreateRuntime(ILogger logger, TimeProvider timeProvider) => new()
        {
            Signals = new PosixSignalSource(logger),
            IsDaemon = TerminalState.IsDaemon,
            Notifier = SystemdNotifier.FromEnvironment(logger),
            // The parent pings the watchdog itself, and only while every worker's heartbeat is fresh.
            WatchdogInterval = null,
            TimeProvider = timeProvider,
        };

        internal void Launch(ServiceBase service, int index, int count)
        {
            // The parent's pid is in the line: it is the process an operator signals (SIGHUP, SIGTTIN, SIGTERM).
            Logger.StartingWorkers(count, Environment.ProcessId);
            var pool = new WorkerPool(service, index, count, Spawner, _settings, s_workerEnvironment, _timeProvider, Logger) { Family = _family, LaunchGate = _waiting.Task };
            lock (_pools)
            {
                _pools.Add(pool);
            }

            // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP (queued for the loop from now on).
            // The workers start when the parent begins to wait, not here as oslo forks them: a worker runs the
            // program again from the top, so it must inherit every socket the program binds before WaitAsync,
            // including those of services launched after this one (bound after this call).
            _launcher.LaunchInLoop(pool);
        }

        internal async Task<int> WaitAsync(CancellationToken cancellationToken)
        {
            // Every pool's workers boot at once, while the parent builds its loop; the loop's start of each pool
            // (one after the other) then only waits for them. A service launched later starts with the loop's start.
            _waiting.TrySetResult();
            foreach (WorkerPool pool in Pools)
            {
                pool.Launch();
            }

            using IDisposable? scaling = OperatingSystem.IsWindows() ? null : new ScaleSignals(OnScaleSignal);
            TimeSpan? watchdogInterval = WatchdogSettings.FromEnvironment();
            using SystemdWatchdog? watchdog = watchdogInterval is { } interval
                ? new SystemdWatchdog(_timeProvider, interval, () => PingWatchdogIfFresh(interval))
                : null;
            _ = _launcher.Ready.ContinueWith(
                static (task, self) => ((ParentRole)self!).OnWorkersReady(),
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            using MetricsCollector? ownMetrics = _family is null ? null : new MetricsCollector();
            MetricsEndpoint? endpoint = ownMetrics is null ? null : StartMetricsEndpoint(ownMetrics);
            IAsyncDisposable? control = _family is null ? null : StartControlServer();
            try
            {
                return await _launcher.RunLoopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (control is not null)
                {
                    await control.DisposeAsync().ConfigureAwait(false);
                }

                if (endpoint is not null)
                {
                    await endpoint.DisposeAsync().ConfigureAwait(false);
                }

                _spawner?.Dispose();
            }
        }

        internal async Task<bool> RestartAsync(CancellationToken cancellationToken)
        {
            long started = _timeProvider.GetTimestamp();
            bool succeeded = false;
            try
            {
                succeeded = await ReloadWorkersAsync(cancellationToken).ConfigureAwait(false);
                return succeeded;
            }
            finally
            {
                var outcome = ServiceMetrics.Tag("oslo.reload.outcome", succeeded ? "success" : "failure");
                var method = ServiceMetrics.Tag("oslo.reload.method", _launcher.RestartMethod.ToOsloName());
                ServiceMetrics.Reloads.Add(1, method, outcome);
                ServiceMetrics.ReloadDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, method, outcome);
                TaskCompletionSource<bool>[] waiters;
                lock (_reloadWaiters)
                {
                    waiters = [.. _reloadWaiters];
                    _reloadWaiters.Clear();
                }

                foreach (TaskCompletionSource<bool> waiter in waiters)
                {
                    waiter.TrySetResult(succeeded);
                }
            }
        }

        private async Task<bool> ReloadWorkersAsync(CancellationToken cancellationToken)
        {
            RestartMethod method = _launcher.RestartMethod;
            bool applied = method == RestartMethod.Reload ? _launcher.Config.ReloadConfigFiles() : _launcher.Config.MutateConfigFiles();
            if (!applied)
            {
                Logger.ConfigReloadFailed(method.ToOsloName());
                return false;
            }

            if (_conf is not null)
            {
                // The [process_launcher] options are mutable: a reload or mutate applies them from now on.
                Volatile.Write(ref _current, SupervisionSettings.FromConfig(_conf));
            }

            WorkerPool[] pools = Pools;
            foreach (WorkerPool pool in pools)
            {
                await pool.ResetAsync(cancellationToken).ConfigureAwait(false);
            }

            bool replacedAll = true;
            foreach (WorkerPool pool in pools)
            {
                if (method == RestartMethod.Reload)
                {
                    // An aborted rolling reload (a replacement never became ready) leaves the old workers serving:
                    // the reload is reported as failed, not completed, to the log and to systemd.
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

        /// <summary>
        /// The parent's end at once, told why by the loop: SIGINT is passed on to the workers (they exit 1 at once;
        /// SIGKILL after a second); a second SIGTERM or the graceful deadline SIGKILLs them. oslo's parent exits 0 at
        /// the graceful deadline, 1 otherwise.
        /// </summary>
        internal async ValueTask<int> ExitAtOnceAsync(ImmediateExit reason)
        {
            WorkerPool[] pools = Pools;
            bool sigint = reason == ImmediateExit.Sigint;
            int signal = sigint ? SignalNumbers.SigInt : SignalNumbers.SigKill;
            int signalled = reason == ImmediateExit.GracefulTimeout
                ? (await Task.WhenAll(pools.Select(pool => pool.KillWithStacksAsync("still running at graceful_shutdown_timeout"))).ConfigureAwait(false)).Sum()
                : pools.Sum(pool => pool.SignalAll(signal));
            Logger.ChildrenSignalledOnExit(signal, signalled);
            Task allGone = Task.WhenAll(pools.Select(pool => pool.AllExited));
            if (!await WaitQuietlyAsync(allGone).ConfigureAwait(false) && sigint)
            {
                _ = pools.Sum(pool => pool.SignalAll(SignalNumbers.SigKill));
                _ = await WaitQuietlyAsync(allGone).ConfigureAwait(false);
            }

            return reason == ImmediateExit.GracefulTimeout ? 0 : 1;
        }

        /// <summary>The control socket's reload: queued on the loop as a SIGHUP; completes with its outcome.</summary>
        private async Task<bool> RequestReloadAsync(CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_reloadWaiters)
            {
                _reloadWaiters.Add(done);
            }

            _launcher.RequestReload();
            return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        private MetricsEndpoint? StartMetricsEndpoint(MetricsCollector ownMetrics)
        {
            if (_conf is null || !_conf.Get(MetricsOptions.Enabled, MetricsOptions.Group))
            {
                return null;
            }

            string host = _conf.Get(MetricsOptions.BindHost, MetricsOptions.Group) ?? "127.0.0.1";
            int port = _conf.Get(MetricsOptions.BindPort, MetricsOptions.Group);
            FamilyMetrics family = _family!;
            try
            {
                // The parent's own series (launcher, config) carry no worker_id; each worker's carry its id; the family
                // totals carry worker_id="all".
                MetricsEndpoint endpoint = MetricsEndpoint.Start(host, port, () => PrometheusText.Render(
                    [(null, ownMetrics.Snapshot().Points), .. family.Render().Select(slot => ((KeyValuePair<string, string>?)new("worker_id", slot.WorkerId), slot.Points))]),
                    Logger);
                Logger.MetricsEndpointStarted(endpoint.Url);
                return endpoint;
            }
            catch (System.Net.Sockets.SocketException exception)
            {
                Logger.MetricsEndpointFailed(host, port, exception.Message);
                return null;
            }
        }

        private IAsyncDisposable? StartControlServer()
        {
            string? configured = _conf?.Get(ControlOptions.SocketPath, ControlOptions.Group);
            if (string.IsNullOrEmpty(configured) || !OperatingSystem.IsLinux())
            {
                return null;
            }

            string path = ControlOptions.ResolveSocketPath(configured, Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY"));
            var commands = new ControlCommands(
                () => Pools,
                RequestReloadAsync,
                now => _launcher.RequestSignal(now ? PosixSignal.SIGINT : PosixSignal.SIGTERM),
                _conf,
                _family!,
                TimeSpan.FromSeconds(Math.Max(30, _settings().BootTimeout.TotalSeconds)));
            try
            {
                return ControlServer.Start(path, commands.HandleAsync, Logger);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                Logger.ControlSocketFailed(path, exception.Message);
                return null;
            }
        }

        private async Task<bool> WaitQuietlyAsync(Task task)
        {
            await task.WaitAsync(s_exitGrace, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return task.IsCompleted;
        }

        private void OnScaleSignal(PosixSignal signal)
        {
            bool up = !OperatingSystem.IsWindows() && signal == PosixSignal.SIGTTIN;
            foreach (WorkerPool pool in Pools)
            {
                pool.Scale(up ? 1 : -1, up ? "SIGTTIN" : "SIGTTOU");
            }
        }

        private void OnWorkersReady()
        {
            int workers = Pools.Sum(pool => pool.Target);
            _launcher.Notifier.NotifyStatus(string.Create(CultureInfo.InvariantCulture, $"{workers} workers ready"));
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

            if (Pools.All(pool => pool.AllFresh(threshold)))
            {
                _launcher.Notifier.NotifyWatchdog();
            }
        }
    }
}
