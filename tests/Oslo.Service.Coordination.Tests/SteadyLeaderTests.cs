using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>3 replicas × 2 workers, a leader-only task every 1 s, recorded in PostgreSQL (the store too).</summary>
public sealed class SteadyLeaderTests : IAsyncLifetime
{
    private PostgresServer? _store;

    public async Task InitializeAsync() => _store = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task LeaderOnlyTask_ThreeReplicasTwoWorkersFor30s_RunsAbout30TimesWithoutOverlapAndTokensOnlyIncrease()
    {
        await using Deployment deployment = await Deployment.StartAsync("leader", _store!.BackendUrl, replicas: 3, workers: 2, _store);
        await deployment.WaitForLineAsync(LeaderAssertions.IsRun, TimeSpan.FromSeconds(120), "with a first run");
        // Every member up before the window opens, so their start-up does not count against the leader's pace.
        TimeSpan until = TestClock.Now + TimeSpan.FromSeconds(60);
        while (deployment.Replicas.Sum(r => r.Lines.Count(l => l.Text.StartsWith("worker started", StringComparison.Ordinal))) < 6 && TestClock.Now < until)
        {
            await Task.Delay(100);
        }

        double from = await deployment.DatabaseNowAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        double to = await deployment.DatabaseNowAsync();
        List<Deployment.Run> all = await deployment.RunsAsync();
        List<Deployment.Run> window = [.. all.Where(r => r.Started >= from && r.Started < to)];

        Assert.True(window.Count is >= 28 and <= 32,
            $"{window.Count} runs in 30 s (token/pid/start): {string.Join(", ", window.Select(r => $"{r.Token}/{r.Pid}/{r.Started - from:F2}"))}\n{deployment.Transcript}");
        LeaderAssertions.TokensNeverDecrease(all, deployment.Transcript);
        for (int i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Ended is { } ended && ended <= all[i].Started,
                $"Run {i - 1} (pid {all[i - 1].Pid}, {all[i - 1].Started:F3}–{all[i - 1].Ended:F3}) overlaps run {i} (pid {all[i].Pid}, from {all[i].Started:F3}).");
        }
    }
}
