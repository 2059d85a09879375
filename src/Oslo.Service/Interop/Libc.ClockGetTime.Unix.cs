using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>CLOCK_MONOTONIC</c> on Linux.</summary>
    internal const int ClockMonotonic = 1;

    /// <summary><c>struct timespec</c> on 64-bit Unix.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        /// <summary>Seconds.</summary>
        public long Seconds;

        /// <summary>Nanoseconds.</summary>
        public long Nanoseconds;
    }

    /// <summary><c>clock_gettime(2)</c>: systemd's <c>MONOTONIC_USEC</c> must come from <c>CLOCK_MONOTONIC</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "clock_gettime", SetLastError = true)]
    internal static partial int ClockGetTime(int clockId, out TimeSpec time);
}
