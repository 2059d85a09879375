using Oslo.Service.Hosting;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// A worker's graceful stop before Kestrel's own: every response from now on says <c>Connection: close</c>
/// (HTTP/1.x), the worker stops accepting (the other workers take the queue), and open connections get up to
/// <see cref="KeepAliveDrain"/> to finish. A keep-alive client thus moves to another worker between two requests
/// instead of sending one on a connection Kestrel's stop is closing — the read errors the wsgi Server never had.
/// </summary>
internal sealed class KestrelDrain(WorkerListenerFactory listeners, TimeProvider time) : IOsloWorkerDrain
{
    /// <summary>How long open connections get; then Kestrel's stop waits for requests still running and closes the rest.</summary>
    internal static readonly TimeSpan KeepAliveDrain = TimeSpan.FromSeconds(2);

    private volatile bool _draining;
    private volatile bool _notReady;

    /// <summary>True once the drain has begun.</summary>
    internal bool Draining => _draining;

    /// <summary>True from the first phase (<c>drain_delay</c>) on: <see cref="DrainingHealthCheck"/> reports Unhealthy.</summary>
    internal bool NotReady => _notReady || _draining;

    public bool BeginDrain()
    {
        _notReady = true;
        // A retiring worker no longer counts in the share: it accepts as before, and the workers that stay share out
        // the connections among themselves (else one holding most of the open connections would leave every new one
        // to the others for its whole drain_delay, and no probe would reach its 503).
        listeners.LeaveBoard();
        return true;
    }

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await listeners.StopAcceptingAsync().ConfigureAwait(false);
        try
        {
            await listeners.WhenNoConnectionsAsync().WaitAsync(KeepAliveDrain, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Idle keep-alive connections that sent nothing more: Kestrel's stop closes them.
        }
        catch (OperationCanceledException)
        {
            // The Host's shutdown deadline: Kestrel's stop with the cancelled token closes everything.
        }
    }
}
