namespace Oslo.Service.Periodic;

/// <summary>The pure schedule math of <see cref="PeriodicTasks"/>, oslo's exactly.</summary>
internal static class PeriodicSchedule
{
    /// <summary>
    /// oslo's <c>_nearest_boundary</c>: the new "last run" recorded when a task runs — the latest spacing boundary
    /// (counted from the previous last run) at or before <paramref name="now"/>, plus 0–5% of the spacing as jitter,
    /// truncated to whole seconds (so no jitter below 20 s). <paramref name="now"/> itself when the task never ran.
    /// </summary>
    /// <param name="lastRun">The previous last run, or null.</param>
    /// <param name="spacing">The task's spacing (positive).</param>
    /// <param name="now">The current time on the same clock.</param>
    /// <param name="random">A uniform sample in [0, 1).</param>
    /// <returns>The last run to record.</returns>
    public static TimeSpan NearestBoundary(TimeSpan? lastRun, TimeSpan spacing, TimeSpan now, double random)
    {
        if (lastRun is not { } last)
        {
            return now;
        }

        // Python's % keeps the sign of the divisor; a due task always has now > last, but stay faithful anyway.
        long offset = (now - last).Ticks % spacing.Ticks;
        if (offset < 0)
        {
            offset += spacing.Ticks;
        }

        double jitterSeconds = Math.Truncate(spacing.TotalSeconds * random / 20);
        return now - TimeSpan.FromTicks(offset) + TimeSpan.FromSeconds(jitterSeconds);
    }

    /// <summary>How long until a task is due: <c>last + spacing − now</c>; zero or less means due now.</summary>
    /// <param name="lastRun">The last run, or null (then due now).</param>
    /// <param name="spacing">The task's spacing.</param>
    /// <param name="now">The current time on the same clock.</param>
    /// <returns>The time until the task is due.</returns>
    public static TimeSpan DueIn(TimeSpan? lastRun, TimeSpan spacing, TimeSpan now) =>
        lastRun is { } last ? last + spacing - now : TimeSpan.Zero;

    /// <summary>The effective spacing of a task: zero becomes <paramref name="defaultInterval"/>.</summary>
    /// <param name="spacing">The requested spacing.</param>
    /// <param name="defaultInterval">oslo's <c>DEFAULT_INTERVAL</c>.</param>
    /// <returns>The spacing used for scheduling.</returns>
    public static TimeSpan EffectiveSpacing(TimeSpan spacing, TimeSpan defaultInterval) =>
        spacing == TimeSpan.Zero ? defaultInterval : spacing;
}
