using Microsoft.Extensions.Logging;

namespace Oslo.Service.Looping;

/// <summary>
/// Runs a callback that says how long to sleep before its next run (oslo's <c>DynamicLoopingCall</c>): the sleep is
/// the returned interval, capped by <c>periodicIntervalMax</c>; the maximum when the callback returns
/// <see langword="null"/>; and the loop fails with oslo's error when neither is known. There is no run-time
/// compensation. With <c>stopOnException: false</c> a failing run is logged and followed at once by the next one.
/// </summary>
public sealed class DynamicLoopingCall : LoopingCallBase
{
    /// <summary>Creates a looping call of an asynchronous callback.</summary>
    /// <param name="callback">The callback, returning the next interval; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public DynamicLoopingCall(Func<CancellationToken, Task<TimeSpan?>> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(AdaptInterval(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    /// <summary>Creates a looping call of a synchronous callback.</summary>
    /// <param name="callback">The callback, returning the next interval; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public DynamicLoopingCall(Func<CancellationToken, TimeSpan?> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(AdaptInterval(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    private protected override string Kind => "Dynamic interval looping call";

    private protected override string RunOnlyOneMessage => "A dynamic interval looping call can only run one function at a time";

    /// <summary>Starts the loop; the first run is immediate unless <paramref name="initialDelay"/> is given.</summary>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="periodicIntervalMax">The cap on each sleep, and the sleep when the callback returns none.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the loop (else it is logged).</param>
    /// <param name="cancellationToken">Cancels the loop like <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <returns>This looping call, so that <c>await call.Start(...).WaitAsync()</c> reads like oslo's <c>start().wait()</c>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public DynamicLoopingCall Start(
        TimeSpan? initialDelay = null,
        TimeSpan? periodicIntervalMax = null,
        bool stopOnException = true,
        CancellationToken cancellationToken = default)
    {
        StartLoop((result, _, _) => DynamicIntervalPolicy.IdleFor(result as TimeSpan?, periodicIntervalMax), initialDelay, stopOnException, cancellationToken);
        return this;
    }

    private static Func<CancellationToken, ValueTask<object?>> AdaptInterval(Func<CancellationToken, Task<TimeSpan?>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return async ct => await callback(ct).ConfigureAwait(false);
    }

    private static Func<CancellationToken, ValueTask<object?>> AdaptInterval(Func<CancellationToken, TimeSpan?> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ct => ValueTask.FromResult<object?>(callback(ct));
    }
}
