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
                    return _spawner ??= new WorkerSpawner();
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
            var pool = new WorkerPool(service, index, count, Spawner, _settings, s_workerEnvironment, _timeProvider, Logger);
            lock (_pools)
            {
                _pools.Add(pool);
            }

            // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP (queued for the loop from now on);
            // then the workers start at once, as oslo forks them here, and boot while the parent builds its loop.
            _launcher.LaunchInLoop(pool);
            pool.Launch();
        }

        internal async Task<int> WaitAsync(CancellationToken cancellationToken)
        {
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
            try
            {
                return await _launcher.RunLoopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _spawner?.Dispose();
            }
        }

        internal async Task<bool> RestartAsync(CancellationToken cancellationToken)
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
            int signalled = pools.Sum(pool => pool.SignalAll(signal));
            Logger.ChildrenSignalledOnExit(signal, signalled);
            Task allGone = Task.WhenAll(pools.Select(pool => pool.AllExited));
            if (!await WaitQuietlyAsync(allGone).ConfigureAwait(false) && sigint)
            {
                _ = pools.Sum(pool => pool.SignalAll(SignalNumbers.SigKill));
                _ = await WaitQuietlyAsync(allGone).ConfigureAwait(false);
            }

            return reason == ImmediateExit.GracefulTimeout ? 0 : 1;
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
