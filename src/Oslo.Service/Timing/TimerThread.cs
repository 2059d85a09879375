using System.Diagnostics;

using Oslo.Service.Interop;

namespace Oslo.Service.Timing;

/// <summary>
/// One dedicated thread that fires <see cref="HighResolutionTimer"/>s at their deadlines: it blocks on a monitor
/// until shortly before the earliest deadline (<see cref="WaitPlan"/>), sleeps the last stretch precisely (see
/// <see cref="FinishWait"/>), then hands each due timer's callback to the thread pool.
/// </summary>
/// <remarks>
/// Why not the runtime's timer queue: on Linux it measures time with <c>Environment.TickCount64</c>, which reads
/// <c>CLOCK_MONOTONIC_COARSE</c> (one kernel tick, 4 ms at 250 Hz), and it counts whole milliseconds, so a timer
/// routinely fires 1–5 ms late. A monitor wait measures its timeout on the precise monotonic clock and wakes within
/// tens of microseconds of it. Callbacks never run on this thread, so a slow callback cannot delay another timer.
/// </remarks>
internal sealed class TimerThread
{
    // A monitor, not a System.Threading.Lock: the thread waits on it with a timeout and is pulsed by Schedule.
    private readonly object _gate = new();
    private readonly TimerHeap<HighResolutionTimer> _heap = new();
    private readonly List<(HighResolutionTimer Timer, long Due)> _due = [];
    private readonly long _finalStretch;
    private Thread? _thread;
    private bool _shutdown;

    /// <summary>Creates the thread (started on the first schedule).</summary>
    /// <param name="finalStretch">How long before a deadline the thread stops its millisecond-granular wait and
    /// finishes with a precise one.</param>
    public TimerThread(TimeSpan finalStretch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(finalStretch, TimeSpan.Zero);
        _finalStretch = WaitPlan.ToTimestampTicks(finalStretch, Stopwatch.Frequency);
    }

    /// <summary>How many timers are scheduled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count;
            }
        }
    }

    /// <summary>Schedules (or reschedules) a timer at a timestamp.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="due">Its deadline on <see cref="Stopwatch"/> time.</param>
    public void Schedule(HighResolutionTimer timer, long due)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_shutdown, this);
            // Only a new earliest deadline needs the thread to wake and recompute its wait.
            bool earliest = !_heap.TryPeekDue(out long current) || due < current;
            _heap.Schedule(timer, due);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = ".NET Oslo Timer" };
                _thread.Start();
            }

            if (earliest)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Unschedules a timer.</summary>
    /// <param name="timer">The timer.</param>
    public void Cancel(HighResolutionTimer timer)
    {
        lock (_gate)
        {
            _heap.Cancel(timer);
        }
    }

    /// <summary>Stops the thread; scheduled timers never fire. Used by tests that own a private instance.</summary>
    public void Shutdown()
    {
        Thread? thread;
        lock (_gate)
        {
            _shutdown = true;
            thread = _thread;
            Monitor.PulseAll(_gate);
        }

        thread?.Join();
    }

    /// <summary>
    /// Waits out the last stretch (less than <c>finalStretch</c>) before <paramref name="due"/>: with
    /// <c>nanosleep</c> on Unix, which honours the nanoseconds and costs no CPU; with a busy spin elsewhere (not
    /// <see cref="SpinWait"/>, whose yields would hand the core away just before the deadline).
    /// </summary>
    /// <param name="due">The deadline on <see cref="Stopwatch"/> time.</param>
    private static void FinishWait(long due)
    {
        long remaining;
        while ((remaining = due - Stopwatch.GetTimestamp()) > 0)
        {
            if (Platform.IsUnix)
            {
                long nanoseconds = (long)((Int128)remaining * 1_000_000_000 / Stopwatch.Frequency);
                Libc.TimeSpec request = new() { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                // An interrupted sleep (EINTR) comes back early; the loop sleeps what is left.
                _ = Libc.NanoSleep(request, out _);
            }
            else
            {
                Thread.SpinWait(16);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            long due;
            lock (_gate)
            {
                while (true)
                {
                    if (_shutdown)
                    {
                        return;
                    }

                    if (!_heap.TryPeekDue(out due))
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    int block = WaitPlan.BlockMilliseconds(due - Stopwatch.GetTimestamp(), Stopwatch.Frequency, _finalStretch);
                    if (block == 0)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, block);
                }
            }

            // Outside the lock, so that scheduling is never held up by the last stretch; a timer scheduled meanwhile
            // is at most the stretch late, and one cancelled meanwhile is not taken below.
            FinishWait(due);

            lock (_gate)
            {
                long now = Stopwatch.GetTimestamp();
                _heap.TakeDue(now, _due);
                foreach ((HighResolutionTimer timer, long deadline) in _due)
                {
                    if (timer.NextDueAfterFiring(deadline, now) is { } next)
                    {
                        _heap.Schedule(timer, next);
                    }
                }
            }

            foreach ((HighResolutionTimer timer, _) in _due)
            {
                ThreadPool.UnsafeQueueUserWorkItem(timer, preferLocal: false);
            }

            _due.Clear();
        }
    }
}
