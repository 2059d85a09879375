using System.Runtime.InteropServices;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Logging;
using Oslo.Service.Signals;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

/// <summary>
/// oslo's <c>ServiceLauncher</c>: runs services in this process and owns the process's signals while
/// <see cref="WaitAsync"/> runs. One loop reads every event (signals, start and stop completions, timers) from one
/// channel and acts; signal handlers and timers only enqueue.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>SIGTERM</term><description>graceful stop: <c>STOPPING=1</c>, stop the services (reverse order) and
/// wait for them; if <c>graceful_shutdown_timeout</c> (0 = forever) passes first: "Graceful shutdown timeout
/// exceeded, instantaneous exiting", exit 1. A second SIGTERM during the stop exits 1 at once.</description></item>
/// <item><term>SIGINT</term><description>"Caught SIGINT signal, instantaneous exiting", exit 1 at once.</description></item>
/// <item><term>SIGHUP, daemon</term><description><c>RELOADING=1</c>, reload or mutate the configuration and restart
/// the services (<see cref="Launcher.RestartAsync"/>), <c>READY=1</c>. SIGHUPs that arrive during a reload queue
/// exactly one more reload. A broken config file is logged and changes nothing.</description></item>
/// <item><term>SIGHUP, terminal foreground</term><description>graceful stop, as SIGTERM.</description></item>
/// </list>
/// Exit status: 0 after a graceful stop; 1 after SIGINT, the timeout, a second SIGTERM, a failed start or a failed stop.
/// The launcher never ends the process itself: <see cref="WaitAsync"/> returns the status (at once, for SIGINT, a
/// second SIGTERM and the timeout, without waiting for the services) and the caller's <c>Main</c> returns it.
/// </remarks>
public partial class ServiceLauncher : Launcher
{
    private static readonly PosixSignal[] s_signals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP];

    private readonly Channel<LauncherEvent> _events =
        Channel.CreateUnbounded<LauncherEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LauncherRuntime _runtime;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _signalLock = new();
    private TaskCompletionSource<int>? _loopFinished;
    private int _stopRequested;
    private IDisposable? _signalSubscription;

    /// <summary>Creates a single-process launcher for services configured by <paramref name="conf"/>.</summary>
    /// <param name="conf">The configuration; the service options are registered on it, and it is reloaded or mutated on SIGHUP.</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    /// <param name="loggerFactory">Where to log; a console logger when null.</param>
    /// <param name="timeProvider">The clock of the graceful deadline and the systemd watchdog.</param>
    /// <exception cref="ArgumentException">"Invalid restart_method: …" for a value outside the enum.</exception>
    public ServiceLauncher(ConfigOpts conf, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new ConfigOptsLauncherConfig(conf), restartMethod, loggerFactory, null, timeProvider)
    {
    }

    internal ServiceLauncher(ILauncherConfig config, RestartMethod restartMethod, ILoggerFactory? loggerFactory, LauncherRuntime? runtime, TimeProvider? timeProvider = null)
        : base(config, restartMethod, loggerFactory)
    {
        _runtime = runtime ?? LauncherRuntime.CreateDefault(Logger, timeProvider);
    }

    /// <summary>
    /// Completes when every launched service has started for the first time (the moment <c>READY=1</c> is sent);
    /// faults when a start fails.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <summary>The systemd notifier this launcher reports to (silent when not under systemd).</summary>
    public SystemdNotifier Notifier => _runtime.Notifier;

    /// <summary>
    /// Handles SIGTERM, SIGINT and SIGHUP and runs the services until they stop (see the class remarks for the
    /// signal rules). Cancelling <paramref name="cancellationToken"/> asks for a graceful stop.
    /// </summary>
    /// <returns>The process exit status.</returns>
    /// <exception cref="InvalidOperationException">When <see cref="WaitAsync"/> is already running.</exception>
    public override async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        var finished = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _loopFinished, finished, null) is not null)
        {
            throw new InvalidOperationException("ServiceLauncher.WaitAsync is already running.");
        }

        var state = new LoopState();
        if (Volatile.Read(ref _stopRequested) != 0)
        {
            // StopAsync ran before this loop existed: the services are stopped (or stopping), so the loop stops too
            // instead of waiting for a signal that nobody will send.
            Post(new LauncherEvent.StopRequested());
        }

        try
        {
            await StartExtensionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            SubscribeToSignals();
            using SystemdWatchdog? watchdog = _runtime.WatchdogInterval is { } interval
                ? new SystemdWatchdog(_runtime.TimeProvider, interval, () => Post(new LauncherEvent.WatchdogDue()))
                : null;
            using CancellationTokenRegistration stopOnCancel = cancellationToken.Register(() => Post(new LauncherEvent.StopRequested()));
            _ = Services.WhenStartedAsync().ContinueWith(
                static (task, self) => ((ServiceLauncher)self!).Post(new LauncherEvent.StartCompleted(Unwrap(task))),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            while (true)
            {
                LauncherEvent next = await _events.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                if (Handle(next, state) is int status)
                {
                    if (state.ExitingAtOnce is { } reason)
                    {
                        status = await ExitAtOnceAsync(reason).ConfigureAwait(false);
                        _runtime.Exit?.Invoke(status);
                    }

                    if ((state.ExitingAtOnce is not null && _runtime.Exit is null) || state.StoppedNow)
                    {
                        // The caller's Main ends the process next, services possibly still running: the console
                        // logger's queue must not be lost with it.
                        FlushOwnedLogging();
                    }

                    finished.TrySetResult(status);
                    return status;
                }
            }
        }
        finally
        {
            await StopExtensionsAsync().ConfigureAwait(false);
            UnsubscribeFromSignals();
            state.Deadline?.Dispose();
            finished.TrySetResult(1);
            Interlocked.Exchange(ref _loopFinished, null);
        }
    }

    /// <summary>
    /// Stops the services gracefully. While <see cref="WaitAsync"/> runs, the stop goes through its loop (with the
    /// graceful deadline) and this completes when the loop has finished. Before <see cref="WaitAsync"/> runs, the
    /// services are stopped directly and a later <see cref="WaitAsync"/> returns once they have finished.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public override async Task StopAsync(CancellationToken cancellationToken = default)
    {
        // Set before the loop is looked for, so that a WaitAsync starting concurrently sees one or the other.
        Interlocked.Exchange(ref _stopRequested, 1);
        TaskCompletionSource<int>? loop = Volatile.Read(ref _loopFinished);
        if (loop is null)
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        Post(new LauncherEvent.StopRequested());
        await loop.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Launches a service; the first launch also takes over SIGTERM, SIGINT and SIGHUP, so that a signal arriving
    /// before <see cref="WaitAsync"/> runs is queued for it instead of killing the process.
    /// </summary>
    /// <inheritdoc/>
    public override void LaunchService(ServiceBase service, int? workers = 1)
    {
        SubscribeToSignals();
        base.LaunchService(service, workers);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        UnsubscribeFromSignals();
        return base.DisposeAsyncCore();
    }

    /// <summary>
    /// Asks the running loop for a graceful stop that ends with <paramref name="exitStatus"/> (the process launcher's
    /// workers use it when their parent dies: "Parent process has died unexpectedly, exiting", exit 1).
    /// </summary>
    internal void RequestStop(string reason, int exitStatus) => Post(new LauncherEvent.StopRequested(reason, exitStatus));

    /// <summary>
    /// Asks the running loop to stop the services without grace and end with <paramref name="exitStatus"/> once they
    /// stopped or <paramref name="budget"/> passed, whichever comes first (see <see cref="LauncherEvent.StopNowRequested"/>).
    /// </summary>
    internal void RequestStopNow(string reason, int exitStatus, TimeSpan budget) =>
        Post(new LauncherEvent.StopNowRequested(reason, exitStatus, budget));

    private void SubscribeToSignals()
    {
        lock (_signalLock)
        {
            _signalSubscription ??= _runtime.Signals.Subscribe(s_signals, signal => Post(new LauncherEvent.SignalReceived(signal)));
        }
    }

    private void UnsubscribeFromSignals()
    {
        lock (_signalLock)
        {
            _signalSubscription?.Dispose();
            _signalSubscription = null;
        }
    }

    private void Post(LauncherEvent @event) => _events.Writer.TryWrite(@event);

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

    private void OnSighup(LoopState state)
    {
        if (state.Phase == Phase.Stopping)
        {
            Logger.SignalIgnoredWhileStopping("SIGHUP");
            return;
        }

        if (!_runtime.IsDaemon())
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
            StartStopping();
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
        TimeSpan timeout = Config.GracefulShutdownTimeout;
        Logger.GracefulShutdownStarted(reason, (int)timeout.TotalSeconds);
        _runtime.Notifier.NotifyStopping("Stopping (" + reason + ")");
        if (timeout > TimeSpan.Zero)
        {
            state.Deadline = _runtime.TimeProvider.CreateTimer(
                static self => ((ServiceLauncher)self!).Post(new LauncherEvent.GracefulTimeoutExpired()),
                this,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        if (!state.ReloadInFlight)
        {
            StartStopping();
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
    }
}
