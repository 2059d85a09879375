using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>
    /// <c>nanosleep(2)</c>: the timer thread's last stretch before a deadline, because every blocking wait .NET offers
    /// counts whole milliseconds; the kernel honours the nanoseconds (plus the thread's timer slack, 50 µs).
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "nanosleep", SetLastError = true)]
    internal static partial int NanoSleep(in TimeSpec request, out TimeSpec remaining);
}
