using Oslo.Service.Interop;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>Recycling one worker (oslo-ctl recycle, and #17's recycling): the rolling path, one at a time.</summary>
public sealed class RecycleTests
{
    [Fact]
    public async Task Recycle_OldWorkerStoppedOnlyAfterItsReplacementIsReady()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] old = await h.LaunchAsync(pool, 2);
        h.Spawner.AutoReady = false;

        Task<int> recycle = pool.RecycleAsync(0, "test", CancellationToken.None);
        FakeWorker replacement = await h.Spawner.NextAsync();
        Assert.Equal(0, replacement.Request.WorkerId);
        Assert.Empty(old[0].Signals);

        replacement.Ready();
        Assert.Equal(replacement.Pid, await recycle.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal([SignalNumbers.SigTerm], old[0].Signals);
        Assert.Empty(old[1].Signals);
        Assert.Equal(new Dictionary<int, int> { [0] = replacement.Pid, [1] = old[1].Pid }, pool.WorkerPids);
    }

    [Fact]
    public async Task Recycle_WhileAReloadRolls_IsRefusedAndNothingIsStarted()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] old = await h.LaunchAsync(pool, 2);
        h.Spawner.AutoReady = false;
        Task<bool> reload = pool.RollingReloadAsync(CancellationToken.None);
        FakeWorker first = await h.Spawner.NextAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RecycleAsync(1, "test", CancellationToken.None));

        Assert.Contains("a reload or another recycle is rolling", refused.Message, StringComparison.Ordinal);
        first.Ready();
        (await h.Spawner.NextAsync()).Ready();
        Assert.True(await reload.WaitAsync(Eventually.DefaultDeadline));
        Assert.False(h.Spawner.HasPending);
    }

    [Fact]
    public async Task Recycle_NoSuchWorker_IsRefused()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(1);
        _ = await h.LaunchAsync(pool, 1);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RecycleAsync(5, "test", CancellationToken.None));

        Assert.Equal("worker 5 does not exist or is not running", refused.Message);
    }
}
