using Microsoft.Extensions.Logging;

namespace Oslo.Service.Looping;

/// <summary>
/// A <see cref="FixedIntervalLoopingCall"/> that ends with <see cref="LoopingCallTimeOut"/> once more than
/// <c>timeout</c> has passed since <see cref="Start"/> (oslo's <c>FixedIntervalWithTimeoutLoopingCall</c>). The
/// check follows each run, so the callback always runs at least once; the timeout ends the loop even with
/// <c>stopOnException: false</c>.
/// </summary>
/// <remarks>Unlike oslo, the timeout is measured on the monotonic clock of the injected <see cref="TimeProvider"/>, not the wall clock.</remarks>
public sealed class FixedIntervalWithTimeoutLoopingCall : LoopingCallBase
{
    /// <summary>Creates a looping call of an asynchronous callback.</summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public FixedIntervalWithTimeoutLoopingCall(Func<CancellationToken, Task> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(Adapt(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    /// <summary>Creates a looping call of a synchronous callback.</summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public FixedIntervalWithTimeoutLoopingCall(Action<CancellationToken> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(Adapt(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    private protected override string Kind => "Fixed interval looping call with timeout checking.";

    private protected override string RunOnlyOneMessage =>
        "A fixed interval looping call with timeout checking and can only run one function at at a time";

    /// <summary>Starts the loop; the first run is immediate unless <paramref name="initialDelay"/> is given.</summary>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="initialDelay">A sleep before the first run (it counts toward the timeout, as in oslo).</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the loop (else it is logged).</param>
    /// <param name="timeout">The time allowed since this call; zero or less for none.</param>
    /// <param name="cancellationToken">Cancels the loop like <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <returns>This looping call, so that <c>await call.Start(...).WaitAsync()</c> reads like oslo's <c>start().wait()</c>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is negative.</exception>
    public FixedIntervalWithTimeoutLoopingCall Start(
        TimeSpan interval,
        TimeSpan? initialDelay = null,
        bool stopOnException = true,
        TimeSpan timeout = default,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        long startedAt = TimeProvider.GetTimestamp();
        StartLoop(FixedIntervalClock.Rule(this, interval, CheckTimeout), initialDelay, stopOnException, cancellationToken);
        return this;

        void CheckTimeout(long endedAt)
        {
            TimeSpan elapsed = TimeProvider.GetElapsedTime(startedAt, endedAt);
            if (timeout > TimeSpan.Zero && elapsed > timeout)
            {
                throw LoopingCallTimeOut.After(elapsed);
            }
        }
    }
}
