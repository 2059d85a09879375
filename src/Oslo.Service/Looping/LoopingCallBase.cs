using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Interop;
using Oslo.Service.Logging;
using Oslo.Service.Metrics;
using Oslo.Service.Threading;
using Oslo.Service.Timing;

namespace Oslo.Service.Looping;

/// <summary>
/// A callback run in a loop on its own task, sleeping between runs on an injected <see cref="TimeProvider"/>
/// (oslo's <c>LoopingCallBase</c>). One loop runs at a time; after it ends the same object can be started again.
/// </summary>
/// <remarks>
/// The loop, exactly as oslo's <c>_run_loop</c>: sleep the initial delay if one is given (stop interrupts it); then,
/// while not stopped, time one run of the callback, leave if stopped during it (the result is discarded and
/// <see cref="WaitAsync"/> returns <see langword="true"/>), otherwise compute the sleep from the subclass's rule and
/// sleep (stop interrupts it). A <see cref="LoopingCallDone"/> ends the loop with its value; any other exception is
/// logged with the callback's name and ends the loop with that exception, unless <c>stopOnException</c> is false, in
/// which case it is logged and the loop goes on.
/// </remarks>
public abstract partial class LoopingCallBase
{
    private static readonly object s_failedRunResult = TimeSpan.Zero;

    private readonly Lock _gate = new();
    private readonly Func<CancellationToken, ValueTask<object?>> _callback;
    private CancellationTokenSource? _abort;
    private CancellationTokenSource? _cancel;
    private TaskCompletionSource<object?>? _done;
    private bool _active;

    /// <summary>Creates the looping call.</summary>
    /// <param name="callback">The callback; its result feeds the subclass's sleep rule.</param>
    /// <param name="name">The name used in log messages.</param>
    /// <param name="timeProvider">The clock every wait goes through; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where failures, overruns and (at trace level) sleeps are logged.</param>
    private protected LoopingCallBase(
        Func<CancellationToken, ValueTask<object?>> callback,
        string name,
        TimeProvider? timeProvider,
        ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _callback = callback;
        Name = name;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The callback's name, as it appears in log messages.</summary>
    public string Name { get; }

    /// <summary>The clock this looping call waits on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Whether a loop is active and has not been asked to stop (oslo's <c>_running</c>).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _active && _abort is { IsCancellationRequested: false };
            }
        }
    }

    /// <summary>
    /// The outcome of the latest loop: the <see cref="LoopingCallDone"/> value, <see langword="true"/> after
    /// <see cref="Stop"/>, or the callback's exception. Throws <see cref="InvalidOperationException"/> before the
    /// first start.
    /// </summary>
    public Task<object?> Completion =>
        Volatile.Read(ref _done)?.Task ?? throw new InvalidOperationException($"The looping call '{Name}' was never started.");

    /// <summary>
    /// The clock the sleeps wait on: <see cref="TimeProvider"/>, except that the real clock's timers are served by
    /// <see cref="HighResolutionTimeProvider.Shared"/>, whose timers fire within a fraction of a millisecond instead
    /// of up to 5 ms late (see its remarks). It reads the same time, so nothing else changes.
    /// </summary>
    internal TimeProvider SleepClock =>
        ReferenceEquals(TimeProvider, TimeProvider.System) ? HighResolutionTimeProvider.Shared : TimeProvider;

    /// <summary>The looping call whose callback is running on the current async flow, if any.</summary>
    internal static LoopingCallBase? Current => TimingContext.Owner as LoopingCallBase;

    /// <summary>oslo's kind of loop, e.g. "Fixed interval looping call", used in log messages.</summary>
    private protected abstract string Kind { get; }

    /// <summary>oslo's message for starting a loop that is already running.</summary>
    private protected abstract string RunOnlyOneMessage { get; }

    /// <summary>The logger of this looping call.</summary>
    private protected ILogger Logger { get; }

    /// <summary>
    /// Asks the loop to stop: a sleep in progress ends at once; a callback in progress finishes (its result is
    /// discarded) and the loop then ends with <see langword="true"/>. Idempotent; does nothing when not running.
    /// </summary>
    public void Stop()
    {
        CancellationTokenSource? abort;
        lock (_gate)
        {
            abort = _active ? _abort : null;
        }

        CancelQuietly(abort);
    }

    /// <summary>
    /// Stops the loop like <see cref="Stop"/> and also cancels the <see cref="CancellationToken"/> given to the callback
    /// in progress, so a cooperative callback ends early (used by a non-graceful <c>ThreadGroup</c> stop).
    /// </summary>
    public void Cancel()
    {
        CancellationTokenSource? abort;
        CancellationTokenSource? cancel;
        lock (_gate)
        {
            abort = _active ? _abort : null;
            cancel = _active ? _cancel : null;
        }

        CancelQuietly(abort);
        CancelQuietly(cancel);
    }

    /// <summary>Waits for the latest loop to end (oslo's <c>wait()</c>).</summary>
    /// <param name="cancellationToken">Stops waiting (not the loop).</param>
    /// <returns>The <see cref="LoopingCallDone"/> value, or <see langword="true"/> after <see cref="Stop"/>.</returns>
    /// <exception cref="InvalidOperationException">The looping call was never started.</exception>
    public Task<object?> WaitAsync(CancellationToken cancellationToken = default) => Completion.WaitAsync(cancellationToken);

    /// <summary>Starts the loop on its own task.</summary>
    /// <param name="idleFor">
    /// The sleep rule of the subclass, given the run's result and its start and end timestamps; it may throw to end
    /// the loop. A sleep of zero or less means none.
    /// </param>
    /// <param name="initialDelay">A sleep before the first run; null or zero for none.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the loop.</param>
    /// <param name="cancellationToken">Cancels the loop like <see cref="Cancel"/>.</param>
    /// <param name="ownThread">
    /// Whether the loop may run on a thread of its own that waits with one precise, interruptible system call per
    /// sleep (Linux, real clock only; see <see cref="RunLoopOnThread"/>): what a short fixed interval asks for.
    /// </param>
    /// <exception cref="InvalidOperationException">A loop is already running.</exception>
    private protected void StartLoop(Func<object?, long, long, TimeSpan> idleFor, TimeSpan? initialDelay, bool stopOnException, CancellationToken cancellationToken, bool ownThread = false)
    {
        TaskCompletionSource<object?> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenSource abort;
        CancellationTokenSource cancel;
        lock (_gate)
        {
            if (_active)
            {
                throw new InvalidOperationException(RunOnlyOneMessage);
            }

            _active = true;
            abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _abort = abort;
            _cancel = cancel;
            Volatile.Write(ref _done, done);
        }

        if (ownThread && Platform.IsUnix && ReferenceEquals(TimeProvider, TimeProvider.System))
        {
            // Thread.Start flows the execution context, as Task.Run does.
            new Thread(() => RunLoopOnThread(idleFor, initialDelay, stopOnException, abort, cancel, done))
            {
                IsBackground = true,
                Name = ".NET Oslo Loop",
            }.Start();
            return;
        }

        _ = Task.Run(() => RunLoopAsync(idleFor, initialDelay, stopOnException, abort, cancel, done), CancellationToken.None);
    }

    /// <summary>Sleeps on the injected clock; <paramref name="abort"/> ends the sleep at once, without throwing.</summary>
    /// <param name="idle">How long to sleep; zero or less returns at once.</param>
    /// <param name="abort">Ends the sleep early.</param>
    /// <returns>A task that completes when the sleep ends.</returns>
    private protected Task SleepAsync(TimeSpan idle, CancellationToken abort)
    {
        if (idle <= TimeSpan.Zero || abort.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        TimeProvider clock = SleepClock;
        if (clock is not HighResolutionTimeProvider)
        {
            // Other clocks' timers count whole milliseconds (the system's truncate); rounding up means a run never
            // starts before its intended time (a fixed-interval loop would otherwise run up to 1 ms early, then late).
            idle = TimeSpan.FromMilliseconds(Math.Ceiling(idle.TotalMilliseconds));
        }

        return TimerSleep.Start(clock, idle, abort);
    }

    private async Task RunLoopAsync(
        Func<object?, long, long, TimeSpan> idleFor,
        TimeSpan? initialDelay,
        bool stopOnException,
        CancellationTokenSource abortSource,
        CancellationTokenSource cancelSource,
        TaskCompletionSource<object?> done)
    {
        TimingContext.Owner = this;
        CancellationToken abort = abortSource.Token;
        CancellationToken cancel = cancelSource.Token;
        object? outcome = true;
        Exception? failure = null;
        try
        {
            if (initialDelay is { } delay)
            {
                await SleepAsync(delay, abort).ConfigureAwait(false);
            }

            while (!abort.IsCancellationRequested)
            {
                long startedAt = TimeProvider.GetTimestamp();
                object? result = stopOnException
                    ? await _callback(cancel).ConfigureAwait(false)
                    : await InvokeSafelyAsync(cancel).ConfigureAwait(false);
                ServiceMetrics.LoopingCallRuns.Add(1, ServiceMetrics.Tag("oslo.looping_call.name", Name));
                if (abort.IsCancellationRequested)
                {
                    break;
                }

                TimeSpan idle = idleFor(result, startedAt, TimeProvider.GetTimestamp());
                Logger.LoopingCallSleeping(Kind, Name, Math.Max(0, idle.TotalSeconds));
                await SleepAsync(idle, abort).ConfigureAwait(false);
            }
        }
        catch (LoopingCallDone doneSignal)
        {
            outcome = doneSignal.ReturnValue;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // A cooperative callback honoured Cancel(): the loop was stopped, not failed.
        }
        catch (Exception ex)
        {
            Logger.LoopingCallFailed(ex, Kind, Name);
            failure = ex;
        }

        Finish(abortSource, cancelSource, done, outcome, failure);
    }

    private void Finish(CancellationTokenSource abortSource, CancellationTokenSource cancelSource, TaskCompletionSource<object?> done, object? outcome, Exception? failure)
    {
        lock (_gate)
        {
            // Cleared before completing so that a continuation of the completion may start the loop again.
            _active = false;
            _abort = null;
            _cancel = null;
        }

        abortSource.Dispose();
        cancelSource.Dispose();
        if (failure is null)
        {
            done.SetResult(outcome);
        }
        else
        {
            done.SetException(failure);
        }
    }

    private async ValueTask<object?> InvokeSafelyAsync(CancellationToken cancel)
    {
        try
        {
            return await _callback(cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not LoopingCallDone && !(ex is OperationCanceledException && cancel.IsCancellationRequested))
        {
            // oslo's _safe_wrapper: log and carry on as if the callback had asked for no sleep.
            Logger.LoopingCallFailed(ex, Kind, Name);
            return s_failedRunResult;
        }
    }

    private static void CancelQuietly(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop ended (and disposed it) between our look and our cancel: there is nothing left to stop.
        }
    }

    /// <summary>Adapts an asynchronous callback without a result.</summary>
    /// <param name="callback">The callback.</param>
    /// <returns>The adapted callback.</returns>
    private protected static Func<CancellationToken, ValueTask<object?>> Adapt(Func<CancellationToken, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return async ct =>
        {
            await callback(ct).ConfigureAwait(false);
            return null;
        };
    }

    /// <summary>Adapts a synchronous callback without a result.</summary>
    /// <param name="callback">The callback.</param>
    /// <returns>The adapted callback.</returns>
    private protected static Func<CancellationToken, ValueTask<object?>> Adapt(Action<CancellationToken> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ct =>
        {
            callback(ct);
            return ValueTask.FromResult<object?>(null);
        };
    }

    /// <summary>Logs oslo's "run outlasted interval" warning for this callback.</summary>
    /// <param name="overrun">The rounded overrun.</param>
    internal void ReportOverrun(TimeSpan overrun)
    {
        Logger.LoopingCallOutlastedInterval(Name, overrun.TotalSeconds);
        ServiceMetrics.LoopingCallOverruns.Add(1, ServiceMetrics.Tag("oslo.looping_call.name", Name));
    }

    /// <summary>The name of a delegate's method, for log messages.</summary>
    /// <param name="callback">The delegate.</param>
    /// <returns>Its method name.</returns>
    private protected static string NameOf(Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return callback.Method.Name;
    }
}
