using Microsoft.Extensions.Logging;

namespace Oslo.Service.Looping;

/// <summary>
/// Runs a callback until it throws <see cref="LoopingCallDone"/>, backing off exponentially with jitter while it
/// reports failure (oslo's <c>BackOffLoopingCall</c>; the formula is <see cref="BackOffPolicy.Next"/>). The callback
/// returns <see langword="true"/> for success and <see langword="false"/> for failure. Any exception ends the loop.
/// </summary>
public sealed class BackOffLoopingCall : LoopingCallBase
{

    /// <summary>Creates a looping call of an asynchronous callback.</summary>
    /// <param name="callback">The callback, returning success; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="random">The source of the jitter (a normal draw around <see cref="BackOffParameters.Jitter"/>);
    /// <see cref="Random.Shared"/> when null. Give a seeded <see cref="Random"/> for a reproducible sequence.</param>
    /// <param name="logger">The logger; none when null.</param>
    public BackOffLoopingCall(
        Func<CancellationToken, Task<bool>> callback,
        string? name = null,
        TimeProvider? timeProvider = null,
        Random? random = null,
        ILogger? logger = null)
        : base(AdaptSuccess(callback), name ?? NameOf(callback), timeProvider, logger)
    {
        Gauss = (mean, standardDeviation) => Jitter.Gauss(mean, standardDeviation, random);
    }

    /// <summary>Creates a looping call of a synchronous callback.</summary>
    /// <param name="callback">The callback, returning success; its token is cancelled by <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <param name="name">The name for log messages; the callback's method name when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="random">The source of the jitter (a normal draw around <see cref="BackOffParameters.Jitter"/>);
    /// <see cref="Random.Shared"/> when null. Give a seeded <see cref="Random"/> for a reproducible sequence.</param>
    /// <param name="logger">The logger; none when null.</param>
    public BackOffLoopingCall(
        Func<CancellationToken, bool> callback,
        string? name = null,
        TimeProvider? timeProvider = null,
        Random? random = null,
        ILogger? logger = null)
        : base(AdaptSuccess(callback), name ?? NameOf(callback), timeProvider, logger)
    {
        Gauss = (mean, standardDeviation) => Jitter.Gauss(mean, standardDeviation, random);
    }

    /// <summary>The normal draw for (mean, standard deviation); tests set an exact one (oslo's vectors).</summary>
    internal Func<double, double, double> Gauss { get; init; }

    private protected override string Kind => "Dynamic backoff interval looping call";

    private protected override string RunOnlyOneMessage => "A dynamic backoff interval looping call can only run one function at a time";

    /// <summary>Starts the loop; the first run is immediate unless <paramref name="initialDelay"/> is given.</summary>
    /// <param name="initialDelay">A sleep before the first run.</param>
    /// <param name="parameters">Starting, minimum and maximum interval, jitter and timeout; oslo's defaults when null.</param>
    /// <param name="cancellationToken">Cancels the loop like <see cref="LoopingCallBase.Cancel"/>.</param>
    /// <returns>This looping call; <see cref="LoopingCallBase.WaitAsync"/> then gives the <see cref="LoopingCallDone"/> value or throws <see cref="LoopingCallTimeOut"/>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public BackOffLoopingCall Start(TimeSpan? initialDelay = null, BackOffParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        BackOffParameters options = parameters ?? new BackOffParameters();
        BackOffState state = new(options.StartingInterval, 0);
        StartLoop(IdleFor, initialDelay, stopOnException: true, cancellationToken);
        return this;

        TimeSpan IdleFor(object? result, long startedAt, long endedAt)
        {
            BackOffStep step = BackOffPolicy.Next(state, result is true, Gauss(options.Jitter, 0.1), options);
            if (step.TimedOut)
            {
                throw LoopingCallTimeOut.After(Seconds(step.IdleSeconds));
            }

            state = step.State;
            return Seconds(step.IdleSeconds);
        }
    }

    // TimeSpan.FromSeconds(double) rounds to whole milliseconds; oslo's vector (27.3375 s, ...) needs ticks.
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private static Func<CancellationToken, ValueTask<object?>> AdaptSuccess(Func<CancellationToken, Task<bool>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return async ct => await callback(ct).ConfigureAwait(false);
    }

    private static Func<CancellationToken, ValueTask<object?>> AdaptSuccess(Func<CancellationToken, bool> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ct => ValueTask.FromResult<object?>(callback(ct));
    }
}
