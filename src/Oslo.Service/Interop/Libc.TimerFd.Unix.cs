using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>TFD_CLOEXEC</c> (Linux: <c>O_CLOEXEC</c>).</summary>
    internal const int TfdCloExec = 0x80000;

    /// <summary><c>TFD_NONBLOCK</c> (Linux: <c>O_NONBLOCK</c>).</summary>
    internal const int TfdNonBlock = 0x800;

    /// <summary><c>TFD_TIMER_ABSTIME</c>: the expiry is a point on the timer's clock, not a delay.</summary>
    internal const int TfdTimerAbsTime = 1;

    /// <summary><c>struct itimerspec</c>: the period (zero: one shot) and the first expiry.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ITimerSpec
    {
        /// <summary>The period; zero for a one-shot timer.</summary>
        public TimeSpec Interval;

        /// <summary>The expiry; zero disarms the timer.</summary>
        public TimeSpec Value;
    }

    /// <summary>
    /// <c>timerfd_create(2)</c>: the deadline of a looping call's own thread. A timerfd expires on its deadline with no
    /// timer slack (a <c>ppoll</c> or <c>nanosleep</c> timeout may wake up to the thread's slack, 50 µs, late).
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "timerfd_create", SetLastError = true)]
    internal static partial int TimerFdCreate(int clockId, int flags);

    /// <summary><c>timerfd_settime(2)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "timerfd_settime", SetLastError = true)]
    internal static partial int TimerFdSetTime(int fd, int flags, in ITimerSpec newValue, nint oldValue);

    /// <summary><c>poll(2)</c> on several descriptors; a negative timeout waits until one is ready.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
