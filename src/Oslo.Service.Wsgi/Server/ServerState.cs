namespace Oslo.Service.Wsgi;

/// <summary>What the pipeline and the server share for one start: the pool and the in-flight count.</summary>
internal sealed class ServerState : IDisposable
{
    private int _inFlight;
    private volatile bool _draining;

    public ServerState(int poolSize) => Pool = new SemaphoreSlim(poolSize, poolSize);

    /// <summary>eventlet's GreenPool: at most pool_size requests run the app at once.</summary>
    public SemaphoreSlim Pool { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool Draining
    {
        get => _draining;
        set => _draining = value;
    }

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestFinished() => Interlocked.Decrement(ref _inFlight);

    public void Dispose() => Pool.Dispose();
}