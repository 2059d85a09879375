using System.Net;

using Microsoft.AspNetCore.Connections;

using Oslo.Service.Supervision;

namespace Oslo.Service.Wsgi;

/// <summary>
/// Kestrel's socket transport with two additions. <see cref="StopAcceptingAsync"/> closes this process's listener
/// (its duplicate of the shared socket) without touching the connections already open: Kestrel's own stop does
/// both at once and closes idle keep-alive connections at the same moment, which loses a request a client is
/// sending on one of them; stopping the accepts first lets those connections finish with <c>Connection: close</c>.
/// And in a worker, the connections go on the pool's <see cref="ConnectionBoard"/>, and an accept waits its turn
/// while this worker holds more than its share (<see cref="AcceptBalance"/>), so the workers split a burst of
/// keep-alive connections evenly instead of by the race for the shared socket.
/// </summary>
internal sealed class DrainableListenerFactory(IConnectionListenerFactory inner) : IConnectionListenerFactory
{
    private readonly List<IConnectionListener> _listeners = [];
    private AcceptBalance? _balance;
    private bool _joined;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await inner.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        lock (_listeners)
        {
            if (!_joined)
            {
                _joined = true;
                _balance = AcceptBalance.Join();
            }

            if (_balance is { } balance)
            {
                listener = new BalancedListener(listener, balance);
            }

            _listeners.Add(listener);
        }

        return listener;
    }

    /// <summary>Closes every listener of this server; accepts in flight end, connections stay open.</summary>
    public async Task StopAcceptingAsync()
    {
        IConnectionListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        LeaveBoard();
        foreach (var listener in listeners)
        {
            await listener.UnbindAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes this server off the board (it accepts no more); idempotent.</summary>
    public void LeaveBoard()
    {
        lock (_listeners)
        {
            _joined = true;
            _balance?.Dispose();
        }
    }

    private sealed class BalancedListener(IConnectionListener listener, AcceptBalance balance) : IConnectionListener
    {
        public EndPoint EndPoint => listener.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            await balance.WaitForTurnAsync(cancellationToken).ConfigureAwait(false);
            ConnectionContext? connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            if (connection is not null)
            {
                balance.Opened();
                connection.ConnectionClosed.Register(static state => ((AcceptBalance)state!).Closed(), balance);
            }

            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => listener.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => listener.DisposeAsync();
    }
}
