using Oslo.Service.Logging;
using Oslo.Service.Looping;

namespace Oslo.Service.Threading;

// The timers of the group (oslo's add_timer, add_dynamic_timer, timer_done, stop_timers): looping calls the group
// starts, stops first on StopAsync, and waits for when the stop is graceful.
public sealed partial class ThreadGroup
{
    /// <summary>Adds and starts a <see cref="FixedIntervalLoopingCall"/> (oslo's <c>add_timer</c>).</summary>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the timer.</param>
    /// <param name="name">A name for log messages; the callback's method name when null.</param>
    /// <returns>The started timer.</returns>
    public FixedIntervalLoopingCall AddTimer(
        TimeSpan interval,
        Func<CancellationToken, Task> callback,
        TimeSpan? initialDelay = null,
        bool stopOnException = true,
        string? name = null)
    {
        FixedIntervalLoopingCall timer = new(callback, name, TimeProvider, _timerLogger);
        return Register(timer, () => timer.Start(interval, initialDelay, stopOnException));
    }

    /// <summary>Adds and starts a <see cref="FixedIntervalLoopingCall"/> of a synchronous callback.</summary>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the timer.</param>
    /// <param name="name">A name for log messages; the callback's method name when null.</param>
    /// <returns>The started timer.</returns>
    public FixedIntervalLoopingCall AddTimer(
        TimeSpan interval,
        Action<CancellationToken> callback,
        TimeSpan? initialDelay = null,
        bool stopOnException = true,
        string? name = null)
    {
        FixedIntervalLoopingCall timer = new(callback, name, TimeProvider, _timerLogger);
        return Register(timer, () => timer.Start(interval, initialDelay, stopOnException));
    }

    /// <summary>Adds and starts a <see cref="DynamicLoopingCall"/> (oslo's <c>add_dynamic_timer</c>).</summary>
    /// <param name="callback">The callback, returning the next interval.</param>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="periodicIntervalMax">The cap on each sleep, and the sleep when the callback returns none.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the timer.</param>
    /// <param name="name">A name for log messages; the callback's method name when null.</param>
    /// <returns>The started timer.</returns>
    public DynamicLoopingCall AddDynamicTimer(
        Func<CancellationToken, Task<TimeSpan?>> callback,
        TimeSpan? initialDelay = null,
        TimeSpan? periodicIntervalMax = null,
        bool stopOnException = true,
        string? name = null)
    {
        DynamicLoopingCall timer = new(callback, name, TimeProvider, _timerLogger);
        return Register(timer, () => timer.Start(initialDelay, periodicIntervalMax, stopOnException));
    }

    /// <summary>Adds and starts a <see cref="DynamicLoopingCall"/> of a synchronous callback.</summary>
    /// <param name="callback">The callback, returning the next interval.</param>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="periodicIntervalMax">The cap on each sleep, and the sleep when the callback returns none.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the timer.</param>
    /// <param name="name">A name for log messages; the callback's method name when null.</param>
    /// <returns>The started timer.</returns>
    public DynamicLoopingCall AddDynamicTimer(
        Func<CancellationToken, TimeSpan?> callback,
        TimeSpan? initialDelay = null,
        TimeSpan? periodicIntervalMax = null,
        bool stopOnException = true,
        string? name = null)
    {
        DynamicLoopingCall timer = new(callback, name, TimeProvider, _timerLogger);
        return Register(timer, () => timer.Start(initialDelay, periodicIntervalMax, stopOnException));
    }

    /// <summary>
    /// Removes a timer from the group without stopping it (oslo's <c>timer_done</c>, which is not called
    /// automatically). Removing a timer that is not in the group does nothing, as in oslo 4.x.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <returns>Whether the timer was in the group.</returns>
    public bool TimerDone(LoopingCallBase timer)
    {
        lock (_gate)
        {
            return _timers.Remove(timer);
        }
    }

    /// <summary>
    /// Stops every timer and removes them from the group (oslo's <c>stop_timers</c>). Callbacks in progress are not
    /// interrupted; with <paramref name="wait"/> this waits for them, logging and swallowing their errors.
    /// </summary>
    /// <param name="wait">Whether to wait for the timers' in-flight callbacks.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the timers are stopped (and, with <paramref name="wait"/>, have ended).</returns>
    public async Task StopTimersAsync(bool wait = false, CancellationToken cancellationToken = default)
    {
        List<LoopingCallBase> timers = TakeTimers();
        foreach (LoopingCallBase timer in timers)
        {
            timer.Stop();
        }

        if (wait)
        {
            await WaitTimersAsync(timers, cancellationToken).ConfigureAwait(false);
        }
    }

    private TTimer Register<TTimer>(TTimer timer, Action start)
        where TTimer : LoopingCallBase
    {
        lock (_gate)
        {
            _timers.Add(timer);
        }

        start();
        return timer;
    }

    private List<LoopingCallBase> TakeTimers()
    {
        lock (_gate)
        {
            List<LoopingCallBase> timers = [.. _timers];
            _timers.Clear();
            return timers;
        }
    }

    private async Task WaitTimersAsync(IReadOnlyList<LoopingCallBase> timers, CancellationToken cancellationToken)
    {
        LoopingCallBase? current = LoopingCallBase.Current;
        foreach (LoopingCallBase timer in timers)
        {
            if (ReferenceEquals(timer, current))
            {
                continue;
            }

            try
            {
                await timer.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A cancelled timer is not an error (oslo ignores GreenletExit).
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.ThreadGroupTimerFailed(ex);
            }
        }
    }
}
