namespace Oslo.Service.Looping;

/// <summary>
/// The pure timing rules of <see cref="FixedIntervalLoopingCall"/>: the period is measured start to start, so the
/// callback's run time is subtracted from the sleep; an overrun runs the next call at once and is never queued.
/// </summary>
internal static class FixedIntervalPolicy
{
    /// <summary>
    /// oslo's <c>idle_for</c>: given a run's duration, returns the sleep before the next run and the overrun to warn
    /// about ("run outlasted interval by N sec"), rounded to hundredths of a second as oslo does; zero when none.
    /// </summary>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="elapsed">How long the run took.</param>
    /// <returns>The sleep (never negative) and the overrun to report (zero means no warning).</returns>
    public static (TimeSpan Idle, TimeSpan Overrun) IdleFor(TimeSpan interval, TimeSpan elapsed)
    {
        double delay = Math.Round((elapsed - interval).TotalSeconds, 2, MidpointRounding.ToEven);
        TimeSpan overrun = delay > 0 ? TimeSpan.FromSeconds(delay) : TimeSpan.Zero;
        // The sleep itself is not rounded: rounding would hand the lost hundredths to the next period as drift.
        TimeSpan idle = interval - elapsed;
        return (idle > TimeSpan.Zero ? idle : TimeSpan.Zero, overrun);
    }

    /// <summary>
    /// The intended start of the next run on the loop's grid (first start + k × interval): one interval after the
    /// previous intended start; when that moment has already passed (an overrun or a late wake-up), the latest grid
    /// point at or before <paramref name="now"/>, which runs at once. Missed grid points before it are dropped, never
    /// queued, and the grid keeps its phase, so lateness does not accumulate as drift.
    /// </summary>
    /// <param name="intendedStart">When the previous run was meant to start.</param>
    /// <param name="interval">The start-to-start period (positive).</param>
    /// <param name="now">The current time on the same clock.</param>
    /// <returns>When the next run is meant to start; the sleep is this minus <paramref name="now"/>, if positive.</returns>
    public static TimeSpan NextStart(TimeSpan intendedStart, TimeSpan interval, TimeSpan now)
    {
        TimeSpan next = intendedStart + interval;
        if (next > now || interval <= TimeSpan.Zero)
        {
            return next;
        }

        long missed = (now - next).Ticks / interval.Ticks;
        return next + (interval * missed);
    }
}
