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
/// <item><term>SIGTERM with <c>drain_delay</c></term><description>first every <see cref="IDrainableService"/> reports not
/// ready (readiness 503) and keeps serving for <c>drain_delay</c>; then the stop above, whose
/// <c>graceful_shutdown_timeout</c> counts from there (the deadline is <c>drain_delay</c> + <c>graceful_shutdown_timeout</c>
/// after the SIGTERM). Under systemd, <c>EXTEND_TIMEOUT_USEC</c> is sent every 5 s while the stop is within that
/// deadline, and while a start is within <c>boot_timeout</c>.</description></item>
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
    internal SystemdNotifier Notifier => _runtime.Notifier;

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

        var state = new LoopState { PhaseSince = _runtime.TimeProvider.GetTimestamp() };
        // From the loop's first moment: the start is what systemd may need to hear about first.
        using ITimer? extensions = _runtime.Notifier.IsEnabled
            ? _runtime.TimeProvider.CreateTimer(
                static self => ((ServiceLauncher)self!).Post(new LauncherEvent.TimeoutExtensionDue()),
                this,
                TimeoutExtension.Interval,
                TimeoutExtension.Interval)
            : null;
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
            state.DrainTimer?.Dispose();
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

    /// <summary>The control socket's <c>reload</c>: handled as SIGHUP in a daemon, wherever the process runs.</summary>
    internal void RequestReload() => Post(new LauncherEvent.ReloadRequested());

    /// <summary>The control socket's <c>stop</c> (SIGTERM) and <c>stop --now</c> (SIGINT): handled as that signal.</summary>
    internal void RequestSignal(PosixSignal signal) => Post(new LauncherEvent.SignalReceived(signal));

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
}
