namespace Oslo.Service.Supervision;

/// <summary>
/// The crash-loop rules as pure functions over numbers: oslo's "Forking too fast" floor, restart intensity with
/// exponential back-off (Erlang supervisor, PM2), and boot-failure back-off (gunicorn halts on it; we back off).
/// </summary>
internal static class RestartPolicy
{
    /// <summary>oslo's flat sleep when forking too fast.</summary>
    internal static readonly TimeSpan ForkTooFastSleep = TimeSpan.FromSeconds(1);

    /// <summary>
    /// oslo's <c>_start_child</c> guard: when more than <paramref name="workers"/> forks are remembered and the oldest
    /// is less than <paramref name="workers"/> seconds old, sleep one second. At most about one fork a second on
    /// average over a window of <paramref name="workers"/> seconds.
    /// </summary>
    /// <param name="forkTimes">Times of the remembered forks, oldest first (the caller keeps the last workers + 1).</param>
    /// <param name="workers">The service's worker count.</param>
    /// <param name="now">The current time on the same clock.</param>
    internal static TimeSpan ForkTooFastDelay(IReadOnlyList<TimeSpan> forkTimes, int workers, TimeSpan now) =>
        forkTimes.Count > workers && now - forkTimes[0] < TimeSpan.FromSeconds(workers) ? ForkTooFastSleep : TimeSpan.Zero;

    /// <summary>How far past the allowed intensity the restarts in the window are (0 = within it).</summary>
    internal static int IntensityExcess(int restartsInPeriod, int intensity) => Math.Max(0, restartsInPeriod - intensity);

    /// <summary>How far past the threshold the consecutive boot failures are (0 = below it).</summary>
    internal static int BootFailureExcess(int consecutiveBootFailures, int threshold) =>
        consecutiveBootFailures >= threshold ? consecutiveBootFailures - threshold + 1 : 0;

    /// <summary>Exponential back-off: 0 for level 0, then initial, 2 × initial, 4 × initial …, capped at max.</summary>
    internal static TimeSpan Backoff(int level, TimeSpan initial, TimeSpan max)
    {
        if (level <= 0)
        {
            return TimeSpan.Zero;
        }

        double factor = Math.Pow(2, Math.Min(level - 1, 30));
        double ticks = Math.Min(initial.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The delay before the next restart of a service's worker and why: the largest of the three rules.
    /// </summary>
    internal static RestartDecision Decide(
        IReadOnlyList<TimeSpan> forkTimes,
        int restartsInPeriod,
        int consecutiveBootFailures,
        int workers,
        TimeSpan now,
        SupervisionSettings settings)
    {
        int bootExcess = BootFailureExcess(consecutiveBootFailures, settings.BootFailureThreshold);
        if (bootExcess > 0)
        {
            return new RestartDecision(Backoff(bootExcess, settings.BackoffInitial, settings.BackoffMax), RestartReason.BootFailure);
        }

        int intensityExcess = IntensityExcess(restartsInPeriod, settings.RestartIntensity);
        if (intensityExcess > 0)
        {
            TimeSpan backoff = Backoff(intensityExcess, settings.BackoffInitial, settings.BackoffMax);
            TimeSpan floor = ForkTooFastDelay(forkTimes, workers, now);
            return new RestartDecision(backoff > floor ? backoff : floor, RestartReason.IntensityExceeded);
        }

        TimeSpan tooFast = ForkTooFastDelay(forkTimes, workers, now);
        return tooFast > TimeSpan.Zero
            ? new RestartDecision(tooFast, RestartReason.ForkingTooFast)
            : new RestartDecision(TimeSpan.Zero, RestartReason.None);
    }
}
