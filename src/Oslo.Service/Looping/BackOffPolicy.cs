namespace Oslo.Service.Looping;

/// <summary>
/// The pure timing rule of <see cref="BackOffLoopingCall"/>, oslo's exact formula in seconds (doubles, so oslo's
/// test vectors come out to the last digit).
/// </summary>
internal static class BackOffPolicy
{
    /// <summary>
    /// One step of the back-off after a run.
    /// On success the interval and the error time reset and the loop sleeps <c>startingInterval × rj</c>.
    /// On failure the sleep is <c>min(max(interval × 2 × rj, minInterval), maxInterval)</c>, the interval grows to
    /// <c>max(interval × 2 × jitter, minInterval)</c> (not capped by the maximum, as in oslo), and the step times out
    /// when the accumulated error time plus this sleep would pass a positive timeout.
    /// </summary>
    /// <param name="state">The interval and accumulated error time before this step.</param>
    /// <param name="success">Whether the callback reported success.</param>
    /// <param name="randomJitter">This step's <c>rj = |gauss(jitter, 0.1)|</c>.</param>
    /// <param name="options">The back-off parameters.</param>
    /// <returns>The next state, the sleep, and whether the loop timed out (then the sleep is the would-be total).</returns>
    public static BackOffStep Next(BackOffState state, bool success, double randomJitter, BackOffParameters options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double rj = Math.Abs(randomJitter);
        if (success)
        {
            return new BackOffStep(new BackOffState(options.StartingInterval, 0), options.StartingInterval * rj, false);
        }

        double idle = Math.Min(Math.Max(state.Interval * 2 * rj, options.MinInterval), options.MaxInterval);
        double interval = Math.Max(state.Interval * 2 * options.Jitter, options.MinInterval);
        if (options.Timeout > 0 && state.ErrorTime + idle > options.Timeout)
        {
            return new BackOffStep(new BackOffState(interval, state.ErrorTime), state.ErrorTime + idle, true);
        }

        return new BackOffStep(new BackOffState(interval, state.ErrorTime + idle), idle, false);
    }
}
