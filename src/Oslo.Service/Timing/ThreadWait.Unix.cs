using System.Diagnostics;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Timing;

/// <summary>
/// An interruptible, precise wait for one dedicated thread (Linux): <c>ppoll</c> on an eventfd with a nanosecond
/// timeout. A wait costs one system call and one wake-up at its deadline, where a sleep on the shared timer thread
/// costs that thread's wake-ups and a thread-pool hop; <see cref="Interrupt"/> (any thread) ends it at once.
/// </summary>
internal sealed class ThreadWait : IDisposable
{
    private readonly int _fd;
    private int _disposed;

    public ThreadWait()
    {
        _fd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Waits until <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp) or an interrupt.</summary>
    /// <returns>False when interrupted.</returns>
    public bool WaitUntil(long due)
    {
        var poll = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
        long remaining;
        while ((remaining = due - Stopwatch.GetTimestamp()) > 0)
        {
            long nanoseconds = (long)((Int128)remaining * 1_000_000_000 / Stopwatch.Frequency);
            var timeout = new Libc.TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            poll.ReturnedEvents = 0;
            // EINTR or an early return: the loop waits what is left.
            if (Libc.PPoll(ref poll, 1, timeout, 0) > 0 && (poll.ReturnedEvents & Libc.POLLIN) != 0)
            {
                _ = Libc.ReadCounter(_fd, out _, sizeof(ulong));
                return false;
            }
        }

        return true;
    }

    /// <summary>Ends the current (or the next) wait at once.</summary>
    public void Interrupt()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _ = Libc.WriteCounter(_fd, 1UL, sizeof(ulong));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Libc.Close(_fd);
        }
    }
}
