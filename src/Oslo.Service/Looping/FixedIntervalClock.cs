namespace Oslo.Service.Looping;

/// <summary>
/// The thin stateful part of the fixed-interval loops: remembers the intended start of the current run and applies
/// <see cref="FixedIntervalPolicy"/> after each run.
/// </summary>
internal sealed class FixedIntervalClock
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly Action<TimeSpan> _reportOverrun;
    private long _origin;
    private TimeSpan _intendedStart;
    private bool _started;

    private FixedIntervalClock(TimeProvider timeProvider, TimeSpan interval, Action<TimeSpan> reportOverrun)
    {
        _timeProvider = timeProvider;
        _interval = interval;
        _reportOverrun = reportOverrun;
    }

    /// <summary>Creates the sleep rule of a fixed-interval loop.</summary>
    /// <param name="call">The looping call (for its clock and its overrun warning).</param>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="afterRun">Called with the end timestamp after each run, before the sleep (the timeout check).</param>
    /// <returns>The rule.</returns>
    public static Func<object?, long, long, TimeSpan> Rule(LoopingCallBase call, TimeSpan interval, Action<long>? afterRun)
    {
        FixedIntervalClock clock = new(call.TimeProvider, interval, call.ReportOverrun);
        return (_, startedAt, endedAt) =>
        {
            TimeSpan idle = clock.Next(startedAt, endedAt);
            afterRun?.Invoke(endedAt);
            return idle;
        };
    }

    /// <summary>Warns about an overrun, moves the intended start to the next run and returns the sleep until it.</summary>
    /// <param name="startedAt">The timestamp at which the run started.</param>
    /// <param name="endedAt">The timestamp at which the run ended.</param>
    /// <returns>The sleep before the next run.</returns>
    public TimeSpan Next(long startedAt, long endedAt)
    {
        if (!_started)
        {
            _origin = startedAt;
            _started = true;
        }

        // The warning is oslo's: about the run's own duration.
        (_, TimeSpan overrun) = FixedIntervalPolicy.IdleFor(_interval, _timeProvider.GetElapsedTime(startedAt, endedAt));
        if (overrun > TimeSpan.Zero)
        {
            _reportOverrun(overrun);
        }

        // The schedule is a grid from the first start, so late wake-ups are made up instead of accumulating.
        TimeSpan now = _timeProvider.GetElapsedTime(_origin, endedAt);
        _intendedStart = FixedIntervalPolicy.NextStart(_intendedStart, _interval, now);
        return _intendedStart - now;
    }
}
