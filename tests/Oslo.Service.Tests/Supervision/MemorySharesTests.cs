using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// <c>worker_memory_budget_mb</c> is shared by every resident process of a pool: the workers and the spares (a spare
/// is booted and holds its heap while it waits), so each process is started with budget / (workers + spares).
/// </summary>
public sealed class MemorySharesTests
{
    [Fact]
    public async Task TwoWorkersOneSpare_EveryProcessStartedWithThreeShares()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { SpareWorkers = 1, WorkerMemoryBudgetMb = 300 };
        WorkerPool pool = h.Create(2);

        FakeWorker[] started = await h.LaunchAsync(pool, 3);

        Assert.Equal<int?>([null, 0, 1], started.Select(w => w.Request.WorkerId).Order());
        Assert.All(started, w => Assert.Equal(3, w.Request.MemoryShares));
        Assert.All(started, w => Assert.Equal(2, w.Request.Workers));
        Assert.Equal(100L * 1024 * 1024, MemoryBudget.ShareBytes(300, started[0].Request.MemoryShares));
    }

    [Fact]
    public async Task NoSpares_SharesAreTheWorkers()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(4);

        FakeWorker[] started = await h.LaunchAsync(pool, 4);

        Assert.All(started, w => Assert.Equal(4, w.Request.MemoryShares));
    }
}
