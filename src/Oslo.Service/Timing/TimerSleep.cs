namespace Oslo.Service.Timing;

/// <summary>
/// A sleep on a <see cref="TimeProvider"/>'s timer that ends quietly when its token is cancelled. Unlike
/// <c>Task.Delay(TimeSpan, TimeProvider)</c>, which truncates the delay to whole milliseconds before it reaches the
/// provider, the due time is handed over as given, so <see cref="HighResolutionTimeProvider"/> can honour its
/// sub-millisecond part.
/// </summary>
internal sealed class TimerSleep
{
    private readonly TaskCompletionSource _done = new();
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;
    private int _ended;

    private TimerSleep()
    {
    }

    /// <summary>Starts a sleep.</summary>
    /// <param name="clock">The clock whose timer ends the sleep.</param>
    /// <param name="dueTime">How long to sleep; zero or less ends at once.</param>
    /// <param name="abort">Ends the sleep early, without an exception.</param>
    /// <returns>A task that completes (successfully) when the sleep ends either way.</returns>
    /// <remarks>The continuation of an <c>await</c> on it runs on the thread that ends the sleep (a thread-pool
    /// thread for a timer, the canceller for a cancellation), as with <c>Task.Delay</c>: one hop, not two.</remarks>
    public static Task Start(TimeProvider clock, TimeSpan dueTime, CancellationToken abort)
    {
        if (dueTime <= TimeSpan.Zero || abort.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        TimerSleep sleep = new();
        sleep._timer = clock.CreateTimer(static s => ((TimerSleep)s!).End(), sleep, dueTime, Timeout.InfiniteTimeSpan);
        sleep._registration = abort.UnsafeRegister(static s => ((TimerSleep)s!).End(), sleep);
        if (Volatile.Read(ref sleep._ended) == 1)
        {
            // It ended before both were assigned: release whichever End could not see.
            sleep.Release();
        }

        return sleep._done.Task;
    }

    private void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            // Released before completing: the awaiting loop runs inline in SetResult and must not find this sleep's
            // registration still on its token.
            Release();
            _done.SetResult();
        }
    }

    private void Release()
    {
        Volatile.Read(ref _timer)?.Dispose();
        // Unregister, not Dispose: Dispose would wait for a running callback, and End may be that callback.
        _registration.Unregister();
    }
}
