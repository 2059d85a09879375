using System.Diagnostics;

namespace Oslo.Service.Timing;

/// <summary>
/// The <see cref="ITimer"/> of <see cref="HighResolutionTimeProvider"/>: a deadline on <see cref="Stopwatch"/> time
/// held by a <see cref="TimerThread"/>, whose callback runs on the thread pool with the execution context captured
/// when the timer was created (as <see cref="TimeProvider.System"/>'s timers do).
/// </summary>
internal sealed class HighResolutionTimer : ITimer, IThreadPoolWorkItem
{
    // The longest due time or period System.Threading.Timer accepts; kept so both providers reject the same values.
    private static readonly TimeSpan s_maxDuration = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock _gate = new();
    private readonly TimerThread _thread;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ExecutionContext? _context;
    private long _periodTicks;
    private bool _disposed;

    /// <summary>Creates and arms the timer.</summary>
    /// <param name="thread">The thread that fires it.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="dueTime">The first due time; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="period">The period; <see cref="Timeout.InfiniteTimeSpan"/> or zero for a one-shot timer.</param>
    public HighResolutionTimer(TimerThread thread, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _thread = thread;
        _callback = callback;
        _state = state;
        _context = ExecutionContext.Capture();
        Change(dueTime, period);
    }

    /// <inheritdoc />
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime);
        Validate(period);
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            Volatile.Write(ref _periodTicks, period > TimeSpan.Zero ? WaitPlan.ToTimestampTicks(period, Stopwatch.Frequency) : 0);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _thread.Cancel(this);
            }
            else
            {
                _thread.Schedule(this, Stopwatch.GetTimestamp() + WaitPlan.ToTimestampTicks(dueTime, Stopwatch.Frequency));
            }

            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _thread.Cancel(this);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Called by the timer thread as the timer fires: the next deadline of a periodic timer, or null.</summary>
    /// <param name="due">The deadline that fired.</param>
    /// <param name="now">The current timestamp.</param>
    /// <returns>One period after <paramref name="due"/>, or one period from now if that has passed already (a
    /// stalled process does not get a burst of catch-up callbacks); null for a one-shot timer.</returns>
    internal long? NextDueAfterFiring(long due, long now)
    {
        long period = Volatile.Read(ref _periodTicks);
        if (period <= 0)
        {
            return null;
        }

        long next = due + period;
        return next > now ? next : now + period;
    }

    /// <summary>Runs the callback (on a thread-pool thread).</summary>
    public void Execute()
    {
        if (_context is null)
        {
            _callback(_state);
        }
        else
        {
            ExecutionContext.Run(_context, static self => ((HighResolutionTimer)self!).Invoke(), this);
        }
    }

    private void Invoke() => _callback(_state);

    private static void Validate(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value != Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || value > s_maxDuration))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be Timeout.InfiniteTimeSpan, or between zero and 4294967294 ms.");
        }
    }
}
