namespace Oslo.Service.Coordination;

/// <summary>The wait before the next attempt to reach an unreachable store: pure, tested with plain numbers.</summary>
internal static class RetryDelay
{
    /// <summary>The first wait.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The wait after <paramref name="failures"/> consecutive failures (1 = the first): doubling from
    /// <see cref="Initial"/> up to <paramref name="max"/>, then scaled by 0.8–1.0 from <paramref name="random"/> so
    /// that members cut off together do not come back in step.
    /// </summary>
    public static TimeSpan Next(int failures, TimeSpan max, double random)
    {
        double doubled = Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        double capped = Math.Min(doubled, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.2 * Math.Clamp(random, 0, 1))));
    }
}
