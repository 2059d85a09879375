namespace Oslo.Service.Timing;

/// <summary>
/// The pure wait rule of <see cref="TimerThread"/>: how long to block before a deadline, given that a blocking wait
/// only counts whole milliseconds and may wake a little late, while a spin is exact but costs CPU.
/// </summary>
internal static class WaitPlan
{
    /// <summary>
    /// How many whole milliseconds to block before a deadline <paramref name="remaining"/> ticks away: enough to wake
    /// at or after <c>deadline − spinWindow</c> and before <c>deadline − spinWindow + 1 ms</c>; zero when the
    /// deadline is within the spin window (spin to it) or has passed (fire now).
    /// </summary>
    /// <param name="remaining">Timestamp ticks until the deadline; zero or less means due.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <param name="spinWindow">Timestamp ticks before the deadline within which the thread spins instead of blocking.</param>
    /// <returns>The milliseconds to block, or zero.</returns>
    public static int BlockMilliseconds(long remaining, long frequency, long spinWindow)
    {
        if (remaining <= spinWindow)
        {
            return 0;
        }

        // Rounded up: a blocking wait of n ms wakes no earlier than n ms later, so waking lands in the window's last
        // millisecond, never before it; with a window of 1 ms or more the deadline is never overshot by the rounding.
        Int128 ticksPerMillisecond = frequency;
        Int128 milliseconds = (((Int128)(remaining - spinWindow) * 1000) + ticksPerMillisecond - 1) / ticksPerMillisecond;
        return milliseconds >= int.MaxValue - 1 ? int.MaxValue - 1 : (int)milliseconds;
    }

    /// <summary>Converts a duration to timestamp ticks exactly (rounded down).</summary>
    /// <param name="duration">The duration; not negative.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <returns>The ticks.</returns>
    public static long ToTimestampTicks(TimeSpan duration, long frequency) =>
        (long)((Int128)duration.Ticks * frequency / TimeSpan.TicksPerSecond);
}
