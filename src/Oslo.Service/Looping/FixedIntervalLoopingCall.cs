using Microsoft.Extensions.Logging;

namespace Oslo.Service.Looping;

/// <summary>
/// Runs a callback every <c>interval</c>, measured start to start (oslo's <c>FixedIntervalLoopingCall</c>). A run
/// that outlasts the interval logs "Function 'name' run outlasted interval by N sec" and the next run starts at once;
/// runs are never queued or skipped.
/// </summary>
/// <remarks>
/// Unlike oslo, runs are scheduled on a grid from the first start (see <see cref="FixedIntervalPolicy.NextStart"/>),
/// so a sleep that wakes late is made up instead of shifting every later run: no drift accumulates.
/// </remarks>
public sealed class FixedIntervalLoopingCall : LoopingCallBase
{
    /// <summary>Creates a looping call of an asynchronous callback.</summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public FixedIntervalLoopingCall(Func<CancellationToken, Task> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(Adapt(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    /// <summary>Creates a looping call of a synchronous callback.</summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public FixedIntervalLoopingCall(Action<CancellationToken> callback, string? name = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(Adapt(callback), name ?? NameOf(callback), timeProvider, logger)
    {
    }

    /// <summary>
    /// Intervals shorter than this run on a thread of their own on Linux with the real clock (one precise wait per
    /// period); longer ones share the timer thread, where a thread per loop would cost more than it saves.
    /// </summary>
    internal static readonly TimeSpan OwnThreadBelow = TimeSpan.FromSeconds(1);

    private protected override string Kind => "Fixed interval looping call";

    private protected override string RunOnlyOneMessage => "A fixed interval looping call can only run one function at a time";

    /// <summary>Starts the loop; the first run is immediate unless <paramref name="initialDelay"/> is given.</summary>
    /// <param name="interval">The start-to-start period.</param>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="stopOnException">Whether an exception from the callback ends the loop (else it is logged).</param>
    /// <param name="cancellationToken">Cancels the loop like <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <returns>This looping call, so that <c>await call.Start(...).WaitAsync()</c> reads like oslo's <c>start().wait()</c>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is negative.</exception>
    public FixedIntervalLoopingCall Start(TimeSpan interval, TimeSpan? initialDelay = null, bool stopOnException = true, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        StartLoop(FixedIntervalClock.Rule(this, interval, afterRun: null), initialDelay, stopOnException, cancellationToken,
            ownThread: interval < OwnThreadBelow);
        return this;
    }
}
