using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>The store (a PostgreSQL of its own; runs are recorded in another) stops for 10 s.</summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private PostgresServer? _records;
    private PostgresServer? _store;

    public async Task InitializeAsync()
    {
        _records = await PostgresServer.StartNewAsync();
        _store = await PostgresServer.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        await _records!.DisposeAsync();
    }

    [Fact]
    public async Task LeaderOnlyTask_StoreDownFor10s_NoRunOneLogLinePerMemberAndRunsResume()
    {
        await using Deployment deployment = await Deployment.StartAsync("leader", _store!.BackendUrl, replicas: 3, workers: 2, _records);
        (_, Replica.Line first) = await deployment.WaitForLineAsync(LeaderAssertions.IsRun, TimeSpan.FromSeconds(120), "with a first run");
        await deployment.WaitForLineAsync(l => LeaderAssertions.IsRun(l) && l.At > first.At, TimeSpan.FromSeconds(30), "with a second run");
        TimeSpan membersBy = TestClock.Now + TimeSpan.FromSeconds(60);
        while (Members(deployment).Count < 6 && TestClock.Now < membersBy)
        {
            await Task.Delay(100);
        }

        TimeSpan stoppedAt = TestClock.Now;
        double downAt = await deployment.DatabaseNowAsync();
        await _store.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        double upAt = await deployment.DatabaseNowAsync();
        TimeSpan restartedAt = TestClock.Now;
        await _store.StartAsync();
        await deployment.WaitForLineAsync(l => LeaderAssertions.IsRun(l) && l.At > restartedAt, TimeSpan.FromSeconds(30), "with a run after the store came back");

        List<Deployment.Run> runs = await deployment.RunsAsync();
        // A leader may finish its lease (it cannot be taken from it while the store is down); nothing after.
        Assert.DoesNotContain(runs, r => r.Started > downAt + Deployment.Ttl.TotalSeconds && r.Started < upAt);
        LeaderAssertions.TokensNeverDecrease(runs, deployment.Transcript);
        List<string> members = Members(deployment);
        Assert.Equal(6, members.Count);
        var unreachable = deployment.Replicas.SelectMany(r => r.Lines)
            .Where(l => l.At > stoppedAt && l.Text.Contains("Coordination backend unreachable", StringComparison.Ordinal)).ToList();
        foreach (string member in members)
        {
            int lines = unreachable.Count(l => l.Text.Contains($"member {member} ", StringComparison.Ordinal));
            Assert.True(lines == 1, $"Member {member} logged {lines} 'unreachable' lines.\n{deployment.Transcript}");
        }

        Assert.Equal(6, unreachable.Count);
    }

    private static List<string> Members(Deployment deployment) =>
    [
        .. deployment.Replicas.SelectMany(r => r.Lines)
            .Where(l => l.Text.StartsWith("worker started", StringComparison.Ordinal))
            .Select(l => l.Text[(l.Text.IndexOf("member=", StringComparison.Ordinal) + "member=".Length)..]),
    ];
}
