using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Control;
using Oslo.Service.Interop;
using Oslo.Service.Metrics;
using Oslo.Service.Signals;
using Oslo.Service.Sockets;
using Oslo.Service.Supervision;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

public sealed partial class ProcessLauncher
{
    /// <summary>
    /// A worker's role: runs its one service in-process under the launcher loop (or waits as a spare until promoted),
    /// reports readiness, restarts and heartbeats to the parent, and ends when the parent dies.
    /// </summary>
    private sealed class WorkerRole
    {
        private static readonly TimeSpan s_parentDeathStopBudget = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan s_parentDeathExitDeadline = TimeSpan.FromMilliseconds(800);
        private static readonly TimeSpan s_reportInterval = TimeSpan.FromSeconds(1);

        private readonly ProcessLauncher _launcher;
        private readonly WorkerIdentity _identity;
        private readonly TimeProvider _timeProvider;
        private readonly bool _reportMetrics;

        // Continuations run inline on the control socket's reader: the promoted service starts without another hop.
        private readonly TaskCompletionSource<int> _promotion = new();
        private WorkerAgent? _agent;
        private ServiceBase? _spareService;

        internal WorkerRole(ProcessLauncher launcher, WorkerIdentity identity, ConfigOpts? conf, TimeProvider timeProvider)
        {
            _launcher = launcher;
            _identity = identity;
            _timeProvider = timeProvider;
            // Only the parent supervises; a worker registers the options (its config file may set them) but reads none.
            if (conf is not null)
            {
                SupervisionOptions.Register(conf);
                _reportMetrics = ParentCollectsMetrics(conf);
            }

            // Before the services start: nothing this worker starts in turn may inherit the parent's descriptors
            // (the control socket, sockets it did not ask for) or see the OSLO_* variables, in .NET's environment or
            // the C library's (native code and system() read that one).
            InheritedSockets.AdoptFromEnvironment();
            ConnectionBoard.Adopt(identity.BoardFd);
            ProcessEnvironment.Remove(WorkerIdentity.Variable);
            CloseOnExec.SetOnEveryDescriptor();
            WorkerContext.SetWorkerCount(identity.Workers);
            if (!identity.IsSpare)
            {
                WorkerContext.Set(new WorkerContext(identity.ServiceIndex, identity.WorkerId));
            }
        }

        private ILogger Logger => _launcher.RoleLogger;

        internal static LauncherRuntime CreateRuntime(ILogger logger, TimeProvider timeProvider) => new()
        {
            Signals = new PosixSignalSource(logger),
            // The parent decides what a terminal hang-up means; a worker always restarts in place on SIGHUP.
            IsDaemon = static () => true,
            Notifier = new SystemdNotifier(null),
            WatchdogInterval = null,
            TimeProvider = timeProvider,
        };

        internal void Launch(ServiceBase service, int index)
        {
            if (index != _identity.ServiceIndex)
            {
                return;
            }

            // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP now, so a signal that arrives while
            // the worker is still starting is queued for its loop instead of killing it.
            if (_identity.IsSpare)
            {
                // A spare has loaded the program and built the service; it starts only once promoted.
                _spareService = service;
                _launcher.LaunchInLoop(new SpareSlot(service, _identity.ServiceIndex, _promotion.Task, Logger));
                return;
            }

            Logger.WorkerStarting(_identity.WorkerId, service.ToString(), Environment.ProcessId);
            _launcher.LaunchInLoop(service);
        }

        internal async Task<int> WaitAsync(CancellationToken cancellationToken)
        {
            using var agent = new WorkerAgent(_identity);
            _agent = agent;
            agent.WatchParent(OnParentDied, workerId => _promotion.TrySetResult(workerId), WorkerContext.SetWorkerCount);
            if (_spareService is not null)
            {
                Logger.SpareWaiting(_identity.ServiceIndex, _spareService.ToString(), Environment.ProcessId);
                agent.Send(ControlMessage.SpareReady);
            }

            agent.StartHeartbeats(_timeProvider);
            using MetricsCollector? collector = _reportMetrics ? new MetricsCollector() : null;
            using ITimer? reports = collector is null ? null : _timeProvider.CreateTimer(
                static state => SendReport(((WorkerAgent, MetricsCollector))state!), (agent, collector), s_reportInterval, s_reportInterval);
            _ = _launcher.Ready.ContinueWith(
                static (_, state) => ((WorkerAgent)state!).Send(ControlMessage.Ready),
                agent,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            int status = await _launcher.RunLoopAsync(cancellationToken).ConfigureAwait(false);

            // The last measurements, so the family totals include every request this worker finished.
            if (collector is not null)
            {
                reports!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                SendReport((agent, collector));
            }

            return status;
        }

        /// <summary>The parent wants measurements reports when it serves metrics or a control socket (status shows requests).</summary>
        private static bool ParentCollectsMetrics(ConfigOpts conf)
        {
            MetricsOptions.Register(conf);
            ControlOptions.Register(conf);
            return conf.Get(MetricsOptions.Enabled, MetricsOptions.Group) || !string.IsNullOrEmpty(conf.Get(ControlOptions.SocketPath, ControlOptions.Group));
        }

        private static void SendReport((WorkerAgent Agent, MetricsCollector Collector) state) =>
            state.Agent.SendReport(state.Collector.Snapshot().Serialize());

        internal async Task<bool> RestartAsync(CancellationToken cancellationToken)
        {
            bool restarted = await _launcher.RestartInProcessAsync(cancellationToken).ConfigureAwait(false);
            _agent?.Send(ControlMessage.Restarted);
            return restarted;
        }

        private void OnParentDied()
        {
            // oslo: log, stop the launcher, exit 1. The stop gets a short budget so the worker is gone within a second;
            // the loop then returns 1 and the worker's Main ends the process.
            Logger.ParentDied();
            _launcher.RequestStopNow("parent died", 1, s_parentDeathStopBudget);

            // A worker must not outlive its parent, whatever its Main does after WaitAsync (or a foreground thread
            // it started): if the process is still here at the deadline, it ends. A thread of its own, because the
            // thread pool may be what is stuck.
            var deadline = new Thread(static state =>
            {
                Thread.Sleep(s_parentDeathExitDeadline);
                ((WorkerRole)state!).ExitProcessIfStillRunning();
            })
            { IsBackground = true, Name = "oslo-parent-death-deadline" };
            deadline.Start(this);
        }

        /// <summary>The worker's only exiting call: its parent died and its Main did not end the process in time.</summary>
        private void ExitProcessIfStillRunning()
        {
            _launcher.FlushLoggingBeforeExit();
            Environment.Exit(1);
        }
    }
}
