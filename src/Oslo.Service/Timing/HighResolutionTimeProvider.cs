namespace Oslo.Service.Timing;

/// <summary>
/// The real clock with timers that fire within a fraction of a millisecond of their due time. Time is read as by
/// <see cref="TimeProvider.System"/>; timers are served by one dedicated thread that blocks until just before the
/// earliest deadline, sleeps the rest precisely (<c>nanosleep</c> on Unix), and runs the callback on the thread pool. Due times
/// keep their sub-millisecond part (<c>Task.Delay(…, provider)</c> works too, but truncates its delay to whole
/// milliseconds before the provider sees it; the looping calls' sleeps do not).
/// </summary>
/// <remarks>
/// <para>The looping calls (and so <c>ThreadGroup</c> timers and periodic tasks) sleep on
/// <see cref="Shared"/> whenever they are given <see cref="TimeProvider.System"/> or no clock, because the runtime's
/// timers on Linux count time on a 4 ms kernel tick and in whole milliseconds, which makes a 10 ms loop's period wrong
/// by up to 5 ms. Any other <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c> in tests) is used as given.</para>
/// <para>The cost is one background thread per provider, which sleeps while no timer is due (on Windows it spins
/// the last <see cref="FinalStretch"/> before each deadline).</para>
/// </remarks>
public sealed class HighResolutionTimeProvider : TimeProvider
{
    /// <summary>
    /// The default <see cref="FinalStretch"/>, one millisecond: blocking waits count whole milliseconds, so the thread
    /// wakes within the last millisecond before the deadline, never after it, and sleeps the rest precisely.
    /// </summary>
    public static readonly TimeSpan DefaultFinalStretch = TimeSpan.FromMilliseconds(1);

    private static readonly Lazy<HighResolutionTimeProvider> s_shared = new(() => new HighResolutionTimeProvider(DefaultFinalStretch));

    private readonly TimerThread _thread;

    /// <summary>Creates a provider with its own timer thread (started by its first timer).</summary>
    /// <param name="finalStretch">See <see cref="FinalStretch"/>.</param>
    internal HighResolutionTimeProvider(TimeSpan finalStretch)
    {
        FinalStretch = finalStretch;
        _thread = new TimerThread(finalStretch);
    }

    /// <summary>The provider every looping call of the process shares (its timer thread starts on first use).</summary>
    public static HighResolutionTimeProvider Shared => s_shared.Value;

    /// <summary>
    /// How long before a deadline the timer thread stops its millisecond-granular wait and finishes with a precise
    /// one: <c>nanosleep</c> on Unix (no CPU), a busy spin elsewhere. A timer scheduled during that stretch for an
    /// earlier moment waits for the stretch to end.
    /// </summary>
    public TimeSpan FinalStretch { get; }

    /// <summary>How many timers of this provider are waiting to fire (the looping calls' sleeps, on <see cref="Shared"/>).</summary>
    public int PendingTimers => _thread.Count;

    /// <summary>
    /// Creates a timer served by this provider's thread. Like <see cref="TimeProvider.System"/>'s timers it captures
    /// the current <see cref="ExecutionContext"/> and runs <paramref name="callback"/> on the thread pool; a periodic
    /// timer that fell behind skips the missed periods instead of firing them in a burst.
    /// </summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="dueTime">The delay before the first call; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="period">The time between calls; <see cref="Timeout.InfiniteTimeSpan"/> or zero for one call.</param>
    /// <returns>The timer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than infinite) or above 4294967294 ms.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new HighResolutionTimer(_thread, callback, state, dueTime, period);

    /// <summary>Stops this provider's thread; its pending timers never fire (tests with a private instance).</summary>
    internal void Shutdown() => _thread.Shutdown();
}
