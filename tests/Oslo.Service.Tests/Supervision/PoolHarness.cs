using System.Collections.Concurrent;

using Oslo.Service.Supervision;
using Oslo.Service.Tests.Launching;
using Oslo.Service.Tests.Support;

namespace Oslo.Service.Tests.Supervision;

/// <summary>A <see cref="WorkerPool"/> over a <see cref="FakeSpawner"/> and the test clock: no process, no real sleep.</summary>
internal sealed class PoolHarness
{
    public TestClock Clock { get; } = new();

    public FakeSpawner Spawner { get; } = new() { AutoReady = true };

    public ListLogger Log { get; } = new();

    /// <summary>The settings the pool reads (boot timeout off, so that only the timers a test is about exist).</summary>
    public SupervisionSettings Settings { get; set; } = SupervisionSettings.Default with { BootTimeout = TimeSpan.Zero };

    public WorkerPool Create(int workers) =>
        new(new RecordingService("svc", new ConcurrentQueue<string>()), 0, workers, Spawner, () => Settings, [], Clock, Log);

    /// <summary>Launches the pool and returns its first <paramref name="count"/> processes, in spawn order.</summary>
    public async Task<FakeWorker[]> LaunchAsync(WorkerPool pool, int count)
    {
        pool.Launch();
        var workers = new FakeWorker[count];
        for (int i = 0; i < count; i++)
        {
            workers[i] = await Spawner.NextAsync();
        }

        return workers;
    }

    public IEnumerable<string> Messages => Log.Entries.Select(e => e.Message);
}
