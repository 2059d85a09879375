using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Service.Sockets;
using Oslo.Service.Supervision;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// Kestrel's transport in a worker: when Kestrel binds an endpoint (with that endpoint's own TLS, protocols and
/// limits), it gets the socket transport's listener over this process's copy of the socket the parent bound, instead
/// of binding anew. It also counts open connections and can stop accepting without touching them, which the drain
/// on a graceful stop needs (Kestrel's own stop closes idle keep-alive connections at the moment it stops accepting).
/// Its connections go on the pool's <see cref="ConnectionBoard"/>, and an accept waits its turn while this worker
/// holds more than its share (<see cref="AcceptBalance"/>), so the workers split a burst of keep-alive connections
/// evenly instead of by the race for the shared socket.
/// </summary>
internal sealed class WorkerListenerFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggerFactory)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _inner = new(options, loggerFactory);
    private readonly EndpointKeys _keys = new();
    private readonly List<CountingListener> _listeners = [];
    private readonly TaskCompletionSource _noConnections = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;
    private volatile bool _stopped;
    private AcceptBalance? _balance;
    private bool _joined;

    /// <summary>Open client connections of this worker.</summary>
    internal int Connections => Volatile.Read(ref _connections);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        string key = _keys.Next(endpoint);
        if (!InheritedSockets.TryInherit(key, out Socket? socket))
        {
            // Not an IOException: for "localhost", Kestrel then carries on with the other loopback address, exactly
            // as it did in the parent when that address could not be bound.
            throw new InvalidOperationException(
                $"{EndpointKeys.Describe(endpoint)} was not bound by the parent process (no inherited socket '{key}'); endpoints are read once, when the parent starts.");
        }

        // The transport owns and closes what it is given: give it a copy, so the inherited socket stays open.
        int copy = Dup.Duplicate((int)socket.SafeHandle.DangerousGetHandle());
        IConnectionListener listener = await _inner.BindAsync(new FileHandleEndPoint((ulong)copy, FileHandleType.Tcp), cancellationToken).ConfigureAwait(false);
        var counting = new CountingListener(listener, endpoint, this);
        lock (_listeners)
        {
            _listeners.Add(counting);
            if (!_joined && !_stopped)
            {
                // One place on the board for the whole process: its connections on every endpoint count together.
                _joined = true;
                _balance = AcceptBalance.Join();
            }
        }

        return counting;
    }

    /// <summary>Takes this worker off the connection board: it accepts without waiting its turn, and counts no more.</summary>
    internal void LeaveBoard()
    {
        lock (_listeners)
        {
            _joined = true;
            _balance?.Dispose();
        }
    }

    /// <summary>Closes this worker's listeners: the other workers take the queue; open connections stay.</summary>
    internal async Task StopAcceptingAsync()
    {
        _stopped = true;
        CountingListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        // Off the board: the accepting workers share the new connections among themselves.
        LeaveBoard();

        foreach (CountingListener listener in listeners)
        {
            await listener.UnbindAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes once accepting has stopped and no connection is open.</summary>
    internal Task WhenNoConnectionsAsync()
    {
        if (_stopped && Connections == 0)
        {
            _noConnections.TrySetResult();
        }

        return _noConnections.Task;
    }

    private ValueTask WaitForTurnAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _balance) is { } balance ? balance.WaitForTurnAsync(cancellationToken) : ValueTask.CompletedTask;

    private void Opened()
    {
        Interlocked.Increment(ref _connections);
        Volatile.Read(ref _balance)?.Opened();
    }

    private void Closed()
    {
        Volatile.Read(ref _balance)?.Closed();
        if (Interlocked.Decrement(ref _connections) == 0 && _stopped)
        {
            _noConnections.TrySetResult();
        }
    }

    private sealed class CountingListener(IConnectionListener inner, EndPoint requested, WorkerListenerFactory owner) : IConnectionListener
    {
        // Kestrel reports the endpoint it asked for (a Unix path, the configured address), not the descriptor.
        public EndPoint EndPoint => inner.EndPoint is FileHandleEndPoint ? requested : inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            await owner.WaitForTurnAsync(cancellationToken).ConfigureAwait(false);
            ConnectionContext? connection = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                return null;
            }

            // Kestrel sets TCP_NODELAY only on sockets accepted from endpoints it bound itself; without it, TLS
            // records of one response wait on Nagle and delayed ACKs.
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { ProtocolType: ProtocolType.Tcp } socket)
            {
                socket.NoDelay = true;
            }

            owner.Opened();
            connection.ConnectionClosed.Register(static state => ((WorkerListenerFactory)state!).Closed(), owner);
            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
