namespace Oslo.Service.Looping;

/// <summary>The pure timing rule of <see cref="DynamicLoopingCall"/>.</summary>
internal static class DynamicIntervalPolicy
{
    /// <summary>oslo's error when the callback returns no interval and no maximum was given.</summary>
    public const string MissingIntervalMessage =
        "A dynamic interval looping call should supply either an interval or periodic_interval_max";

    /// <summary>
    /// The sleep after a run: the interval the callback returned, capped by <paramref name="periodicIntervalMax"/>;
    /// the maximum itself when the callback returned none. No run-time compensation, as in oslo.
    /// </summary>
    /// <param name="returned">The callback's requested interval, or <see langword="null"/>.</param>
    /// <param name="periodicIntervalMax">The cap, or <see langword="null"/> for none.</param>
    /// <returns>The sleep before the next run.</returns>
    /// <exception cref="InvalidOperationException">Neither an interval nor a maximum is known.</exception>
    public static TimeSpan IdleFor(TimeSpan? returned, TimeSpan? periodicIntervalMax)
    {
        if (returned is null)
        {
            return periodicIntervalMax ?? throw new InvalidOperationException(MissingIntervalMessage);
        }

        return periodicIntervalMax is { } max && max < returned.Value ? max : returned.Value;
    }
}
