using Microsoft.Extensions.Logging;

using Oslo.Service.Coordination.Backends;
using Oslo.Service.Coordination.Leadership;

namespace Oslo.Service.Coordination;

/// <summary>What every loop of one <see cref="Coordinator"/> shares: the store, the member, the numbers, the clock.</summary>
internal sealed class CoordinatorContext(
    ICoordinationBackend backend, string member, TimeSpan ttl, TimeSpan maxRetry, ILogger logger, TimeProvider timeProvider, Func<double> random)
{
    public ICoordinationBackend Backend { get; } = backend;

    public string Member { get; } = member;

    public TimeSpan Ttl { get; } = ttl;

    public TimeSpan MaxRetry { get; } = maxRetry;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public Func<double> Random { get; } = random;

    public BackendHealth Health { get; } = new(logger, timeProvider, backend.Description, member, maxRetry);

    private volatile bool _connected;

    /// <summary>
    /// Calls the store with <see cref="LeaseTiming.CallTimeout"/>, recording the outcome in <see cref="Health"/>.
    /// Returns false on any failure but the caller's cancellation: connection refused, timeout, authentication
    /// failure — all are logged and retried, none ends the service.
    /// </summary>
    public async Task<(bool Ok, T Result)> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Until the store has answered once, a call may also pay for the connection, TLS and a cold start of the
        // client: it gets the connect timeout. A member that never reached the store holds nothing it could lose.
        TimeSpan limit = _connected ? LeaseTiming.CallTimeout(Ttl) : LeaseTiming.ConnectTimeout(Ttl);
        timeout.CancelAfter(limit);
        try
        {
            T result = await call(timeout.Token).ConfigureAwait(false);
            _connected = true;
            Health.Succeeded();
            return (true, result);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Health.Failed(exception is OperationCanceledException
                ? new TimeoutException($"no answer within {limit.TotalSeconds:F1} s", exception)
                : exception);
            return (false, default!);
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed calls in a row.</summary>
    public TimeSpan RetryAfter(int failures) => RetryDelay.Next(failures, MaxRetry, Random());
}
