using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>What a SIGHUP does to a pool's workers: the rolling, readiness-gated replacement and the in-place mutate.</summary>
public sealed class RollingReloadTests
{
    [Fact]
    public async Task RollingReload_OneAtATime_EachOldWorkerStoppedOnlyAfterItsReplacementIsReady()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { ReloadSurge = 1 };
        WorkerPool pool = h.Create(2);
        FakeWorker[] old = await h.LaunchAsync(pool, 2);
        h.Spawner.AutoReady = false;

        Task<bool> reload = pool.RollingReloadAsync(CancellationToken.None);
        FakeWorker first = await h.Spawner.NextAsync();
        Assert.Equal(0, first.Request.WorkerId);
        Assert.False(h.Spawner.HasPending);
        Assert.Empty(old[0].Signals);

        first.Ready();
        FakeWorker second = await h.Spawner.NextAsync();
        Assert.Equal(1, second.Request.WorkerId);
        Assert.Equal([SignalNumbers.SigTerm], old[0].Signals);
        Assert.Empty(old[1].Signals);

        second.Ready();
        Assert.True(await reload.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal([SignalNumbers.SigTerm], old[1].Signals);
        Assert.Equal(new Dictionary<int, int> { [0] = first.Pid, [1] = second.Pid }, pool.WorkerPids);
        await Task.WhenAll(old.Select(w => w.Exited)).WaitAsync(Eventually.DefaultDeadline);
        Assert.False(h.Spawner.HasPending);
        Assert.Contains($"Worker 0: replacement {first.Pid} ready, stopping {old[0].Pid}", h.Messages);
    }

    [Fact]
    public async Task RollingReload_ReplacementDiesBeforeReady_AbortsAndOldWorkersKeepServing()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { ReloadSurge = 1 };
        WorkerPool pool = h.Create(2);
        FakeWorker[] old = await h.LaunchAsync(pool, 2);
        h.Spawner.AutoReady = false;

        Task<bool> reload = pool.RollingReloadAsync(CancellationToken.None);
        FakeWorker replacement = await h.Spawner.NextAsync();
        replacement.Exit(1);

        Assert.False(await reload.WaitAsync(Eventually.DefaultDeadline));
        Assert.All(old, w => Assert.Empty(w.Signals));
        Assert.Equal(new Dictionary<int, int> { [0] = old[0].Pid, [1] = old[1].Pid }, pool.WorkerPids);
        Assert.Contains(h.Log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("replacement for worker 0 did not become ready", StringComparison.Ordinal));
        Assert.False(h.Spawner.HasPending);
    }

    [Fact]
    public async Task RollingReload_ReplacementNotReadyInTime_KilledAndReloadAborted()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { ReloadSurge = 0, WorkerReadyTimeout = TimeSpan.FromSeconds(10) };
        WorkerPool pool = h.Create(2);
        FakeWorker[] old = await h.LaunchAsync(pool, 2);
        h.Spawner.AutoReady = false;

        Task<bool> reload = pool.RollingReloadAsync(CancellationToken.None);
        FakeWorker a = await h.Spawner.NextAsync();
        FakeWorker b = await h.Spawner.NextAsync();
        a.Ready();
        Assert.Equal(TimeSpan.FromSeconds(10), await h.Clock.NextSleepAsync());
        h.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await reload.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal([SignalNumbers.SigKill], a.Signals);
        Assert.Equal([SignalNumbers.SigKill], b.Signals);
        Assert.All(old, w => Assert.Empty(w.Signals));
        Assert.Equal(new Dictionary<int, int> { [0] = old[0].Pid, [1] = old[1].Pid }, pool.WorkerPids);
    }

    [Fact]
    public async Task Mutate_SighupToEveryWorker_CompletesOnTheirAcknowledgements()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);

        await pool.MutateAsync(CancellationToken.None).WaitAsync(Eventually.DefaultDeadline);

        Assert.All(workers, w => Assert.Equal([SignalNumbers.SigHup], w.Signals));
        Assert.DoesNotContain(h.Messages, m => m.Contains("did not report its SIGHUP reset", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<int, int> { [0] = workers[0].Pid, [1] = workers[1].Pid }, pool.WorkerPids);
    }

    [Fact]
    public async Task Mutate_AWorkerNeverAcknowledges_WarnedAfterThirtySeconds()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);
        workers[1].AcknowledgesSighup = false;

        Task mutate = pool.MutateAsync(CancellationToken.None);
        await h.Clock.NextSleepAsync();
        await h.Clock.NextSleepAsync();
        Assert.False(mutate.IsCompleted);
        h.Clock.Advance(TimeSpan.FromSeconds(30));

        await mutate.WaitAsync(Eventually.DefaultDeadline);
        Assert.Equal([$"Child {workers[1].Pid} did not report its SIGHUP reset in time"], h.Log.Messages(LogLevel.Warning));
    }

    [Fact]
    public async Task Mutate_WorkerStillStarting_NotSignalledUntilReadyThenSighup()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(1);
        FakeWorker running = (await h.LaunchAsync(pool, 1))[0];
        h.Spawner.AutoReady = false;
        pool.Scale(1, "SIGTTIN");
        FakeWorker starting = await h.Spawner.NextAsync();

        await pool.MutateAsync(CancellationToken.None).WaitAsync(Eventually.DefaultDeadline);

        Assert.Equal([SignalNumbers.SigHup], running.Signals);
        Assert.Empty(starting.Signals);
        starting.Ready();
        Assert.Equal([SignalNumbers.SigHup], starting.Signals);

        // A worker started after the mutate read the new values already.
        pool.Scale(1, "SIGTTIN");
        FakeWorker later = await h.Spawner.NextAsync();
        later.Ready();
        Assert.Empty(later.Signals);
        Assert.Equal([SignalNumbers.SigHup], running.Signals);
    }
}
