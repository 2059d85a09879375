namespace Oslo.Service.Wsgi;

/// <summary>What the pipeline and the server share for one start: the pool and the in-flight count.</summary>
internal sealed class ServerState : IDisposable
{
    private readonly TaskCompletionSource _noConnections = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _connections;
    private volatile bool _draining;
    private volatile bool _notReady;

    public ServerState(int poolSize) => Pool = new SemaphoreSlim(poolSize, poolSize);

    /// <summary>eventlet's GreenPool: at most pool_size requests run the app at once.</summary>
    public SemaphoreSlim Pool { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Readiness answers 503: set by the drain's first phase (the listener still open), and by <see cref="Draining"/>.</summary>
    public bool NotReady
    {
        get => _notReady || _draining;
        set => _notReady = value;
    }

    public bool Draining
    {
        get => _draining;
        set
        {
            // oslo.wsgi.server.draining counts this start while it drains; Dispose takes it back.
            if (value && !_draining)
            {
                WsgiMetrics.Draining.Add(1);
            }

            _draining = value;
        }
    }

    /// <summary>Open client connections of this start.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Counts a new connection unless that would pass <paramref name="max"/>: the check and the count are one
    /// atomic step, so connections that arrive together (Kestrel runs each one's middleware on the thread pool) can never
    /// all be admitted past the limit.</summary>
    public bool TryConnectionOpened(int max)
    {
        if (Interlocked.Increment(ref _connections) <= max)
        {
            return true;
        }

        ConnectionClosed();
        return false;
    }

    public void ConnectionClosed()
    {
        if (Interlocked.Decrement(ref _connections) == 0 && _draining)
        {
            _noConnections.TrySetResult();
        }
    }

    /// <summary>Completes once draining has begun and no connection is open.</summary>
    public Task WhenNoConnectionsAsync()
    {
        if (Connections == 0)
        {
            _noConnections.TrySetResult();
        }

        return _noConnections.Task;
    }

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestFinished() => Interlocked.Decrement(ref _inFlight);

    public void Dispose()
    {
        if (_draining)
        {
            WsgiMetrics.Draining.Add(-1);
            _draining = false;
        }

        Pool.Dispose();
    }
}
