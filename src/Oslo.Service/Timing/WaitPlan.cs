namespace Oslo.Service.Timing;

/// <summary>
/// The pure wait rule of <see cref="TimerThread"/>: how long to block before a deadline, given that a blocking wait
/// only counts whole milliseconds, while the final stretch (<c>nanosleep</c>, or a spin) is exact.
/// </summary>
internal static class WaitPlan
{
    /// <summary>
    /// How many whole milliseconds to block before a deadline <paramref name="remaining"/> ticks away: enough to wake
    /// at or after <c>deadline − finalStretch</c> and before <c>deadline − finalStretch + 1 ms</c>; zero when the
    /// deadline is within the final stretch (finish it precisely) or has passed (fire now).
    /// </summary>
    /// <param name="remaining">Timestamp ticks until the deadline; zero or less means due.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <param name="finalStretch">Timestamp ticks before the deadline within which the thread stops blocking.</param>
    /// <returns>The milliseconds to block, or zero.</returns>
    public static int BlockMilliseconds(long remaining, long frequency, long finalStretch)
    {
        if (remaining <= finalStretch)
        {
            return 0;
        }

        // Rounded up: a blocking wait of n ms wakes no earlier than n ms later, so waking lands in the stretch's first
        // millisecond, never before it; with a stretch of 1 ms or more the deadline is never overshot by the rounding.
        Int128 ticksPerMillisecond = frequency;
        Int128 milliseconds = (((Int128)(remaining - finalStretch) * 1000) + ticksPerMillisecond - 1) / ticksPerMillisecond;
        return milliseconds >= int.MaxValue - 1 ? int.MaxValue - 1 : (int)milliseconds;
    }

    /// <summary>Converts a duration to timestamp ticks exactly (rounded down).</summary>
    /// <param name="duration">The duration; not negative.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <returns>The ticks.</returns>
    public static long ToTimestampTicks(TimeSpan duration, long frequency) =>
        (long)((Int128)duration.Ticks * frequency / TimeSpan.TicksPerSecond);
}
