using System.Diagnostics;

using Oslo.Service.Interop;

namespace Oslo.Service.Systemd;

/// <summary><c>CLOCK_MONOTONIC</c> in microseconds, the clock systemd matches <c>MONOTONIC_USEC</c> against.</summary>
internal static class MonotonicClock
{
    /// <summary>Now, in microseconds of <c>CLOCK_MONOTONIC</c>.</summary>
    internal static long GetMicroseconds()
    {
        if (OperatingSystem.IsLinux() && Libc.ClockGetTime(Libc.ClockMonotonic, out Libc.TimeSpec now) == 0)
        {
            return (now.Seconds * 1_000_000) + (now.Nanoseconds / 1_000);
        }

        // Not reached under systemd; Stopwatch is CLOCK_MONOTONIC-based on Unix anyway.
        return (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
    }
}
