namespace HelloApi;

/// <summary>Requests served by this process (each worker counts its own).</summary>
public sealed class RequestCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public long Increment() => Interlocked.Increment(ref _count);
}
