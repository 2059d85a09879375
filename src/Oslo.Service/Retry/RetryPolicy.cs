namespace Oslo.Service.Retry;

/// <summary>The pure rules of <see cref="RetryDecorator"/>: linear sleep growth up to a cap, and a retry budget.</summary>
internal static class RetryPolicy
{
    /// <summary>Whether another attempt is allowed after <paramref name="retryCount"/> retries.</summary>
    /// <param name="retryCount">Retries made so far.</param>
    /// <param name="maxRetryCount">The budget; -1 means retry forever.</param>
    /// <returns>Whether to retry.</returns>
    public static bool CanRetry(int retryCount, int maxRetryCount) => maxRetryCount == -1 || retryCount < maxRetryCount;

    /// <summary>The sleep before retry number <paramref name="retryNumber"/> (1-based): <c>min(n × inc, max)</c>.</summary>
    /// <param name="retryNumber">Which retry this is, from 1.</param>
    /// <param name="incSleepTime">How much each retry adds to the sleep.</param>
    /// <param name="maxSleepTime">The cap on one sleep.</param>
    /// <returns>The sleep.</returns>
    public static TimeSpan SleepBefore(int retryNumber, TimeSpan incSleepTime, TimeSpan maxSleepTime)
    {
        TimeSpan sleep = incSleepTime * retryNumber;
        return sleep < maxSleepTime ? sleep : maxSleepTime;
    }
}
