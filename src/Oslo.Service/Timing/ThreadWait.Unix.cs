using System.Diagnostics;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Timing;

/// <summary>
/// An interruptible, precise wait for one dedicated thread (Linux): a <c>timerfd</c> armed for the deadline on
/// <c>CLOCK_MONOTONIC</c> and an eventfd, and one <c>poll</c> on both. A wait costs one system call and one wake-up at
/// its deadline, where a sleep on the shared timer thread costs that thread's wake-ups and a thread-pool hop;
/// <see cref="Interrupt"/> (any thread) ends it at once.
/// </summary>
/// <remarks>
/// Why a timerfd and not the timeout of <c>ppoll</c>: the kernel may fire a poll or sleep timeout anywhere within the
/// thread's timer slack (50 µs by default) after it, to batch wake-ups; a timerfd fires at its deadline. The deadline
/// is absolute, so time spent between reading the clock and arming the timer is not added to the wait.
/// </remarks>
internal sealed class ThreadWait : IDisposable
{
    private readonly int _event;
    private readonly int _timer;
    private int _disposed;

    public ThreadWait()
    {
        _event = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_event < 0)
        {
            throw new InvalidOperationException($"eventfd failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        _timer = Libc.TimerFdCreate(Libc.ClockMonotonic, Libc.TfdCloExec | Libc.TfdNonBlock);
        if (_timer < 0)
        {
            string error = Marshal.GetLastPInvokeErrorMessage();
            _ = Libc.Close(_event);
            throw new InvalidOperationException($"timerfd_create failed: {error}");
        }
    }

    /// <summary>Waits until <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp) or an interrupt.</summary>
    /// <returns>False when interrupted.</returns>
    public unsafe bool WaitUntil(long due)
    {
        long remaining = due - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return true;
        }

        // The deadline on CLOCK_MONOTONIC: now on that clock plus what is left on the Stopwatch's.
        _ = Libc.ClockGetTime(Libc.ClockMonotonic, out Libc.TimeSpec now);
        long deadline = (now.Seconds * 1_000_000_000) + now.Nanoseconds + (long)((Int128)remaining * 1_000_000_000 / Stopwatch.Frequency);
        var spec = new Libc.ITimerSpec { Value = new Libc.TimeSpec { Seconds = deadline / 1_000_000_000, Nanoseconds = deadline % 1_000_000_000 } };
        if (Libc.TimerFdSetTime(_timer, Libc.TfdTimerAbsTime, spec, 0) != 0)
        {
            throw new InvalidOperationException($"timerfd_settime failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        Libc.PollFd* polls = stackalloc Libc.PollFd[2];
        polls[0] = new Libc.PollFd { Fd = _event, Events = Libc.POLLIN };
        polls[1] = new Libc.PollFd { Fd = _timer, Events = Libc.POLLIN };
        while (true)
        {
            polls[0].ReturnedEvents = 0;
            polls[1].ReturnedEvents = 0;
            // EINTR: wait again; the timer keeps its deadline.
            if (Libc.Poll(polls, 2, -1) <= 0)
            {
                continue;
            }

            if (polls[0].ReturnedEvents != 0)
            {
                _ = Libc.ReadCounter(_event, out _, sizeof(ulong));
                return false;
            }

            // Expired (or an error on the timer, which no wait would then end: treated as the deadline).
            if (polls[1].ReturnedEvents != 0)
            {
                _ = Libc.ReadCounter(_timer, out _, sizeof(ulong));
                return true;
            }
        }
    }

    /// <summary>Ends the current (or the next) wait at once.</summary>
    public void Interrupt()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _ = Libc.WriteCounter(_event, 1UL, sizeof(ulong));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Libc.Close(_event);
            _ = Libc.Close(_timer);
        }
    }
}
