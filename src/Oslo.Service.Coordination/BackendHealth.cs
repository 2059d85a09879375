using Microsoft.Extensions.Logging;

namespace Oslo.Service.Coordination;

/// <summary>
/// Whether the store answered the last call, shared by every loop of one <see cref="Coordinator"/> so that an outage
/// gives one error line per member (not one per election and retry) and one line when it ends.
/// </summary>
internal sealed class BackendHealth(ILogger logger, TimeProvider timeProvider, string backend, string member, TimeSpan maxRetry)
{
    private readonly Lock _gate = new();
    private long? _downSince;

    /// <summary>Whether the last call failed.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _downSince is not null;
            }
        }
    }

    public void Succeeded()
    {
        long? since;
        lock (_gate)
        {
            since = _downSince;
            _downSince = null;
        }

        if (since is { } start)
        {
            logger.BackendRecovered(backend, timeProvider.GetElapsedTime(start).TotalSeconds, member);
        }
    }

    public void Failed(Exception exception)
    {
        bool first;
        lock (_gate)
        {
            first = _downSince is null;
            _downSince ??= timeProvider.GetTimestamp();
        }

        string reason = Reason(exception);
        if (first)
        {
            logger.BackendUnreachable(backend, reason, member, maxRetry.TotalSeconds);
        }
        else
        {
            logger.BackendStillUnreachable(reason);
        }
    }

    /// <summary>The innermost useful message: "Connection refused", "password authentication failed for user …", a timeout.</summary>
    private static string Reason(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is { } next && inner is not TimeoutException)
        {
            inner = next;
        }

        string outer = $"{exception.GetType().Name}: {exception.Message}";
        return ReferenceEquals(inner, exception) ? outer : $"{outer} <- {inner.GetType().Name}: {inner.Message}";
    }
}
