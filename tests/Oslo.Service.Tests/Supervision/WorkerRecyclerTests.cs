using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Launching;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// <see cref="WorkerRecycler"/> over a pool of fake workers and the test clock: what a due worker's recycle does, one
/// at a time, never during a reload.
/// </summary>
public sealed class WorkerRecyclerTests
{
    private const long MiB = 1 << 20;

    private readonly PoolHarness _h = new();
    private readonly ConcurrentDictionary<int, long> _rss = new();

    private WorkerPool Create(int workers, RecycleSettings recycle, int jitter = 0)
    {
        _h.Settings = _h.Settings with { Recycle = recycle };
        return new WorkerPool(new RecordingService("svc", new ConcurrentQueue<string>()), 0, workers, _h.Spawner, () => _h.Settings, [], _h.Clock, _h.Log)
        {
            ReadRss = pid => _rss.GetValueOrDefault(pid),
            DrawJitter = _ => jitter,
        };
    }

    private void Tick(int seconds = 1)
    {
        for (int i = 0; i < seconds; i++)
        {
            _h.Clock.Advance(WorkerRecycler.SampleInterval);
        }
    }

    [Fact]
    public async Task MaxRequestsWithJitter_RecycledThroughTheRollingPath_AtTheLimitPlusItsJitter()
    {
        WorkerPool pool = Create(2, new RecycleSettings { MaxRequests = 100, MaxRequestsJitter = 10 }, jitter: 7);
        FakeWorker[] old = await _h.LaunchAsync(pool, 2);

        old[0].ReportRequests(106);
        Tick();
        Assert.False(_h.Spawner.HasPending);

        _h.Spawner.AutoReady = false;
        old[0].ReportRequests(107);
        Tick();
        FakeWorker replacement = await _h.Spawner.NextAsync();
        Assert.Equal(0, replacement.Request.WorkerId);
        Assert.Empty(old[0].Signals); // still serving until its replacement is ready

        replacement.Ready();
        await Eventually.TrueAsync(() => old[0].Signals.Contains(SignalNumbers.SigTerm), "the old worker told to stop");
        Assert.Equal(replacement.Pid, pool.WorkerPids[0]);
        Assert.Empty(old[1].Signals);
        Assert.Contains(_h.Messages, m => m == $"Recycling worker 0 (pid {old[0].Pid}): max_requests: served 107 requests (limit 107)");
    }

    [Fact]
    public async Task TwoWorkersDue_OneRecycleInFlight_TheSecondOnlyAfterTheFirstIsDone()
    {
        WorkerPool pool = Create(2, new RecycleSettings { MaxRequests = 10 });
        FakeWorker[] old = await _h.LaunchAsync(pool, 2);
        _h.Spawner.AutoReady = false;
        old[0].ReportRequests(50);
        old[1].ReportRequests(50);

        Tick();
        FakeWorker first = await _h.Spawner.NextAsync();
        Tick(5);
        Assert.False(_h.Spawner.HasPending);
        Assert.Equal(0, first.Request.WorkerId);

        first.Ready();
        await Eventually.TrueAsync(() => pool.WorkerPids[0] == first.Pid, "worker 0 replaced");
        await Eventually.TrueAsync(() =>
        {
            Tick();
            return _h.Spawner.HasPending;
        }, "the second recycle");
        FakeWorker second = await _h.Spawner.NextAsync();
        Assert.Equal(1, second.Request.WorkerId);
    }

    [Fact]
    public async Task MemoryOverTheLimit_RecycledOnlyAfterTheWindow()
    {
        WorkerPool pool = Create(1, new RecycleSettings { MaxMemoryBytes = 100 * MiB, MemoryWindow = TimeSpan.FromSeconds(10) });
        FakeWorker[] old = await _h.LaunchAsync(pool, 1);
        _rss[old[0].Pid] = 50 * MiB;
        Tick(5);

        _rss[old[0].Pid] = 150 * MiB;
        Tick(10);
        Assert.False(_h.Spawner.HasPending);

        Tick();
        FakeWorker replacement = await _h.Spawner.NextAsync();
        Assert.Equal(0, replacement.Request.WorkerId);
        await Eventually.TrueAsync(() => old[0].Signals.Contains(SignalNumbers.SigTerm), "the old worker told to stop");
    }

    [Fact]
    public async Task OverTheLimitAtBoot_NotRecycledInALoop_WarnedOnce()
    {
        WorkerPool pool = Create(1, new RecycleSettings { MaxMemoryBytes = 100 * MiB, MemoryWindow = TimeSpan.FromSeconds(10) });
        FakeWorker[] old = await _h.LaunchAsync(pool, 1);
        _rss[old[0].Pid] = 150 * MiB;

        Tick(120);

        Assert.False(_h.Spawner.HasPending);
        Assert.Empty(old[0].Signals);
        Assert.Single(_h.Log.Messages(LogLevel.Warning), m => m.Contains("uses 150 MiB at its first sample, over max_worker_memory_mb = 100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxAge_RecycledOnceReadyThatLong()
    {
        WorkerPool pool = Create(1, new RecycleSettings { MaxAge = TimeSpan.FromSeconds(30) });
        _ = await _h.LaunchAsync(pool, 1);

        Tick(29);
        Assert.False(_h.Spawner.HasPending);
        Tick();
        Assert.Equal(0, (await _h.Spawner.NextAsync()).Request.WorkerId);
    }

    [Fact]
    public async Task DueDuringARollingReload_Deferred_NoReplacementBeyondTheReloads()
    {
        WorkerPool pool = Create(2, new RecycleSettings { MaxRequests = 10 });
        FakeWorker[] old = await _h.LaunchAsync(pool, 2);
        _h.Spawner.AutoReady = false;
        Task<bool> reload = pool.RollingReloadAsync(CancellationToken.None);
        FakeWorker a = await _h.Spawner.NextAsync(), b = await _h.Spawner.NextAsync();
        old[0].ReportRequests(50);

        Tick();

        await Eventually.TrueAsync(() => _h.Log.Messages(LogLevel.Warning).Any(m => m.StartsWith("Recycling worker 0 deferred: a reload", StringComparison.Ordinal)), "the deferral");
        Assert.False(_h.Spawner.HasPending);
        a.Ready();
        b.Ready();
        Assert.True(await reload.WaitAsync(Eventually.DefaultDeadline));
        // The new workers have served nothing: nothing left to recycle.
        Tick(3);
        Assert.False(_h.Spawner.HasPending);
    }

    [Fact]
    public async Task RecyclingOff_NoSamplingTimer()
    {
        WorkerPool pool = Create(1, RecycleSettings.Off);
        _ = await _h.LaunchAsync(pool, 1);

        Assert.DoesNotContain(WorkerRecycler.SampleInterval, _h.Clock.Sleeps);
    }
}
