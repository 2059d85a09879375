using System.Collections.Concurrent;
using System.Threading.Channels;

using Oslo.Service.Supervision;
using Oslo.Service.Tests.Support;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// An <see cref="IWorkerSpawner"/> that starts no process: each spawn hands out a <see cref="FakeWorker"/> the test
/// drives (reports ready, heartbeats, exits) and whose received signals it reads.
/// </summary>
internal sealed class FakeSpawner : IWorkerSpawner
{
    private readonly Channel<FakeWorker> _spawned = Channel.CreateUnbounded<FakeWorker>();
    private readonly ConcurrentQueue<FakeWorker> _all = new();
    private int _nextPid = 1000;
    private Exception? _failNext;

    /// <summary>When true, a worker reports ready (a spare: spare-ready) as soon as the pool reads its channel.</summary>
    public bool AutoReady { get; set; }

    /// <summary>Every worker handed out, in order.</summary>
    public IReadOnlyList<FakeWorker> All => [.. _all];

    public bool Disposed { get; private set; }

    public Task<IWorkerHandle> SpawnAsync(WorkerSpawnRequest request)
    {
        if (Interlocked.Exchange(ref _failNext, null) is { } failure)
        {
            return Task.FromException<IWorkerHandle>(failure);
        }

        var worker = new FakeWorker(Interlocked.Increment(ref _nextPid), request, AutoReady);
        _all.Enqueue(worker);
        _spawned.Writer.TryWrite(worker);
        return Task.FromResult<IWorkerHandle>(worker);
    }

    /// <summary>Waits (real clock, bounded) for the next spawn.</summary>
    public async Task<FakeWorker> NextAsync()
    {
        using var cts = new CancellationTokenSource(Eventually.DefaultDeadline);
        try
        {
            return await _spawned.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No worker was spawned before the deadline.");
        }
    }

    /// <summary>True when a spawn is waiting to be taken by <see cref="NextAsync"/>.</summary>
    public bool HasPending => _spawned.Reader.TryPeek(out _);

    /// <summary>Makes the next spawn fail with <paramref name="exception"/>.</summary>
    public void FailNextSpawn(Exception exception) => _failNext = exception;

    public void Dispose() => Disposed = true;
}
