using System.Runtime.InteropServices;

using Oslo.Service.Logging;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

// The loop's one switch: every event the loop reads is handled here, and every state change of the launcher
// (starting, running, reloading, stopping, ending at once) happens in these methods, on the loop only.
public partial class ServiceLauncher
{
    private int? Handle(LauncherEvent @event, LoopState state)
    {
        switch (@event)
        {
            case LauncherEvent.SignalReceived { Signal: PosixSignal.SIGINT }:
                Logger.CaughtSigint();
                return ExitNow(state, ImmediateExit.Sigint);

            case LauncherEvent.SignalReceived { Signal: PosixSignal.SIGTERM }:
                if (state.Phase == Phase.Stopping)
                {
                    Logger.CaughtSecondSigterm();
                    return ExitNow(state, ImmediateExit.SecondSigterm);
                }

                BeginStop(state, "SIGTERM");
                return null;

            case LauncherEvent.SignalReceived { Signal: PosixSignal.SIGHUP }:
                OnSighup(state);
                return null;

            case LauncherEvent.ReloadRequested:
                OnSighup(state, fromOperator: true);
                return null;

            case LauncherEvent.StartCompleted started:
                OnStartCompleted(state, started.Error);
                return null;

            case LauncherEvent.ReloadCompleted reloaded:
                OnReloadCompleted(state, reloaded);
                return null;

            case LauncherEvent.StopCompleted stopped:
                if (stopped.Error is not null)
                {
                    Logger.ServicesStopFailed(stopped.Error);
                }

                int status = state.ExitStatus ?? (stopped.Error is null ? 0 : 1);
                Logger.ServicesStopped(status);
                return status;

            case LauncherEvent.GracefulTimeoutExpired when state.Phase == Phase.Stopping:
                Logger.GracefulShutdownTimeoutExceeded();
                return ExitNow(state, ImmediateExit.GracefulTimeout);

            case LauncherEvent.DrainDelayElapsed when state.Phase == Phase.Stopping && !state.ReloadInFlight:
                StartStopping();
                return null;

            case LauncherEvent.TimeoutExtensionDue:
                ExtendTimeoutIfProgressing(state);
                return null;

            case LauncherEvent.WatchdogDue:
                _runtime.Notifier.NotifyWatchdog();
                return null;

            case LauncherEvent.StopNowRequested now:
                state.ExitStatus = now.ExitStatus;
                state.Phase = Phase.Stopping;
                state.StoppedNow = true;
                _ = StopWithinAsync(now.Budget);
                return null;

            case LauncherEvent.StopRequested request when state.Phase != Phase.Stopping:
                state.ExitStatus ??= request.ExitStatus;
                BeginStop(state, request.Reason);
                return null;

            default:
                return null;
        }
    }

    private void OnSighup(LoopState state, bool fromOperator = false)
    {
        if (state.Phase == Phase.Stopping)
        {
            Logger.SignalIgnoredWhileStopping("SIGHUP");
            return;
        }

        if (!fromOperator && !_runtime.IsDaemon())
        {
            // oslo: SIGHUP to a process in a terminal's foreground means the terminal went away: terminate.
            Logger.CaughtForegroundSighup();
            BeginStop(state, "SIGHUP");
            return;
        }

        if (state.Phase is Phase.Starting or Phase.Reloading)
        {
            if (!state.ReloadQueued)
            {
                Logger.ReloadQueued();
            }

            state.ReloadQueued = true;
            return;
        }

        BeginReload(state);
    }

    private void OnStartCompleted(LoopState state, Exception? error)
    {
        if (state.Phase == Phase.Stopping)
        {
            if (error is null)
            {
                _ready.TrySetResult();
            }
            else
            {
                _ready.TrySetException(error);
            }

            return;
        }

        if (error is not null)
        {
            _ready.TrySetException(error);
            state.ExitStatus = 1;
            BeginStop(state, "a service failed to start");
            return;
        }

        state.Phase = Phase.Running;
        state.PhaseSince = _runtime.TimeProvider.GetTimestamp();
        int count = Services.Items.Count;
        Logger.ServicesStarted(count);
        LogOptionValuesIfEnabled();
        _runtime.Notifier.NotifyReady(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Running {count} service(s)"));
        _ready.TrySetResult();
        if (state.ReloadQueued)
        {
            state.ReloadQueued = false;
            BeginReload(state);
        }
    }

    private void OnReloadCompleted(LoopState state, LauncherEvent.ReloadCompleted reloaded)
    {
        state.ReloadInFlight = false;
        if (state.Phase == Phase.Stopping)
        {
            // A SIGTERM arrived during the reload; its deadline is already running.
            DrainThenStop(state);
            return;
        }

        state.Phase = Phase.Running;
        if (reloaded.Error is not null)
        {
            Logger.ReloadRestartFailed(reloaded.Error);
            state.ExitStatus = 1;
            BeginStop(state, "a service failed to start after SIGHUP");
            return;
        }

        if (reloaded.ConfigApplied)
        {
            Logger.ReloadCompleted(RestartMethod.ToOsloName());
            LogOptionValuesIfEnabled();
        }

        _runtime.Notifier.NotifyReady(reloaded.ConfigApplied ? "Reloaded" : "Reload failed; running with the previous configuration");
        if (state.ReloadQueued)
        {
            state.ReloadQueued = false;
            BeginReload(state);
        }
    }

    private void BeginReload(LoopState state)
    {
        state.Phase = Phase.Reloading;
        state.ReloadInFlight = true;
        Logger.CaughtSighupReloading(RestartMethod.ToOsloName());
        _runtime.Notifier.NotifyReloading("Reloading configuration");
        _ = Task.Run(async () =>
        {
            try
            {
                bool applied = await RestartAsync().ConfigureAwait(false);
                Post(new LauncherEvent.ReloadCompleted(applied, null));
            }
            catch (Exception exception)
            {
                Post(new LauncherEvent.ReloadCompleted(true, exception));
            }
        });
    }

    private void BeginStop(LoopState state, string reason)
    {
        state.Phase = Phase.Stopping;
        state.PhaseSince = _runtime.TimeProvider.GetTimestamp();
        TimeSpan timeout = Config.GracefulShutdownTimeout;
        Logger.GracefulShutdownStarted(reason, (int)timeout.TotalSeconds);
        // The drain delay is a phase before the graceful stop, as a Kubernetes preStop sleep is: the timeout for the
        // requests in flight starts once the listener closes. A worker's own timeout is zero (its parent enforces
        // it), but the parent's deadline includes the delay its workers wait. With no timeout of ours (0 = forever),
        // systemd is told only about the delay: its TimeoutStopSec stays the bound the operator chose.
        state.StopLimit = Config.DrainDelay + timeout;
        if (timeout > TimeSpan.Zero)
        {
            state.Deadline = _runtime.TimeProvider.CreateTimer(
                static self => ((ServiceLauncher)self!).Post(new LauncherEvent.GracefulTimeoutExpired()),
                this,
                Config.DrainDelay + timeout,
                Timeout.InfiniteTimeSpan);
        }

        _runtime.Notifier.NotifyStopping("Stopping (" + reason + ")");

        if (!state.ReloadInFlight)
        {
            DrainThenStop(state);
        }
    }

    /// <summary>
    /// The first phase of a graceful stop: every <see cref="IDrainableService"/> reports not ready and keeps serving
    /// for <c>drain_delay</c>; then <see cref="StartStopping"/>. Skipped when nothing would report it.
    /// </summary>
    private void DrainThenStop(LoopState state)
    {
        TimeSpan delay = Config.DrainDelay;
        bool announced = false;
        if (delay > TimeSpan.Zero)
        {
            foreach (ServiceBase service in Services.Items)
            {
                announced |= service is IDrainableService drainable && drainable.BeginDrain();
            }
        }

        if (!announced)
        {
            StartStopping();
            return;
        }

        Logger.DrainStarted(delay.TotalSeconds);
        state.DrainTimer = _runtime.TimeProvider.CreateTimer(
            static self => ((ServiceLauncher)self!).Post(new LauncherEvent.DrainDelayElapsed()),
            this,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// systemd: a start within <c>boot_timeout</c>, or a stop within its own deadline, is still progressing; ask for
    /// more time than <c>TimeoutStartSec</c>/<c>TimeoutStopSec</c> would leave it.
    /// </summary>
    private void ExtendTimeoutIfProgressing(LoopState state)
    {
        TimeSpan limit = state.Phase switch
        {
            Phase.Starting => Config.StartExtensionLimit,
            Phase.Stopping => state.StopLimit,
            _ => TimeSpan.Zero,
        };
        if (TimeoutExtension.Next(_runtime.TimeProvider.GetElapsedTime(state.PhaseSince), limit) is { } extension)
        {
            _runtime.Notifier.NotifyExtendTimeout(extension);
        }
    }

    private void StartStopping() => _ = Task.Run(async () =>
    {
        try
        {
            await Services.StopAsync(graceful: true).ConfigureAwait(false);
            await Services.WaitAsync().ConfigureAwait(false);
            Post(new LauncherEvent.StopCompleted(null));
        }
        catch (Exception exception)
        {
            Post(new LauncherEvent.StopCompleted(exception));
        }
    });

    private async Task StopWithinAsync(TimeSpan budget)
    {
        try
        {
            await Services.StopAsync(graceful: false).WaitAsync(budget, _runtime.TimeProvider).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Stopping failed or took too long: ending anyway, as asked.
        }

        Post(new LauncherEvent.StopCompleted(null));
    }

    private static int ExitNow(LoopState state, ImmediateExit reason)
    {
        state.ExitingAtOnce = reason;
        return 1;
    }

    /// <summary>
    /// The one way the loop ends at once (SIGINT, a second SIGTERM, the graceful deadline): told why, it does what
    /// that reason needs and returns the exit status <see cref="WaitAsync"/> returns. The services are not waited
    /// for; the process ends when the caller's <c>Main</c> returns. In a single process every reason is status 1.
    /// </summary>
    private protected virtual ValueTask<int> ExitAtOnceAsync(ImmediateExit reason) => ValueTask.FromResult(1);

    private static Exception? Unwrap(Task task) => task.Status switch
    {
        TaskStatus.Faulted => task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException : task.Exception,
        TaskStatus.Canceled => new OperationCanceledException("A service start was cancelled."),
        _ => null,
    };

    private enum Phase
    {
        Starting,
        Running,
        Reloading,
        Stopping,
    }

    private sealed class LoopState
    {
        public Phase Phase { get; set; } = Phase.Starting;

        public bool ReloadQueued { get; set; }

        public bool ReloadInFlight { get; set; }

        public int? ExitStatus { get; set; }

        public ImmediateExit? ExitingAtOnce { get; set; }

        public bool StoppedNow { get; set; }

        public ITimer? Deadline { get; set; }

        public ITimer? DrainTimer { get; set; }

        /// <summary>When the current phase began (<see cref="TimeProvider.GetTimestamp"/>).</summary>
        public long PhaseSince { get; set; }

        /// <summary>How long after SIGTERM systemd is told the stop progresses: drain_delay + graceful_shutdown_timeout.</summary>
        public TimeSpan StopLimit { get; set; }
    }
}
