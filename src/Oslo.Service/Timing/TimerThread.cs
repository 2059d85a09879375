using System.Diagnostics;

namespace Oslo.Service.Timing;

/// <summary>
/// One dedicated thread that fires <see cref="HighResolutionTimer"/>s at their deadlines: it blocks on a monitor
/// until shortly before the earliest deadline (<see cref="WaitPlan"/>), spins the last stretch on
/// <see cref="Stopwatch"/> time, then hands each due timer's callback to the thread pool.
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
    private readonly long _spinWindow;
    private Thread? _thread;
    private bool _shutdown;

    /// <summary>Creates the thread (started on the first schedule).</summary>
    /// <param name="spinWindow">How long before a deadline the thread stops blocking and spins.</param>
    public TimerThread(TimeSpan spinWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spinWindow, TimeSpan.Zero);
        _spinWindow = WaitPlan.ToTimestampTicks(spinWindow, Stopwatch.Frequency);
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
            _heap.Schedule(timer, due);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = ".NET Oslo Timer" };
                _thread.Start();
            }

            // The new deadline may be earlier than the one the thread is waiting for.
            Monitor.PulseAll(_gate);
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

                    int block = WaitPlan.BlockMilliseconds(due - Stopwatch.GetTimestamp(), Stopwatch.Frequency, _spinWindow);
                    if (block == 0)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, block);
                }
            }

            // Outside the lock, so that scheduling is never held up by the spin; a timer scheduled meanwhile is at
            // most the spin window late, and one cancelled meanwhile is not taken below. A busy spin, not SpinWait:
            // its yields would hand the core away just before the deadline on a loaded machine.
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(16);
            }

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
