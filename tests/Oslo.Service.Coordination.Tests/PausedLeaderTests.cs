using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>SIGSTOP the leader's replica past its TTL, then SIGCONT: it does not run the task again without a new term.</summary>
public abstract class PausedLeaderTests(BackendKind kind) : SteadyLeaderFixture(kind)
{
    [Fact]
    public async Task LeaderOnlyTask_LeaderStoppedPastTtlThenContinued_DoesNotRunWithoutNewTerm()
    {
        (Deployment deployment, Replica leader, Replica.Line first) = await StartSteadyLeaderAsync();
        await using Deployment _ = deployment;
        long pausedPid = first.Field("pid")!.Value;

        TimeSpan stoppedAt = TestClock.Now;
        leader.SignalGroup(Posix.SigStop);
        Replica.Line line = (await deployment.WaitForLineAsync(
            l => LeaderAssertions.IsRun(l) && l.At > stoppedAt && l.Field("pid") != pausedPid, TimeSpan.FromSeconds(30), "with a run by a new leader")).Line;
        long pausedToken = deployment.Replicas.SelectMany(r => r.Lines).Where(l => LeaderAssertions.IsRun(l) && l.Field("pid") == pausedPid)
            .Max(l => l.Field("token")!.Value);
        Assert.True(line.Field("token") > pausedToken);
        // Paused well past its TTL (the new leader's run proves the store let the lease go); then resumed.
        await Task.Delay(Deployment.Ttl);
        double continuedAt = await deployment.DatabaseNowAsync();
        leader.SignalGroup(Posix.SigCont);
        // The resumed leader's timer is overdue: its pass comes at once. Watch it for two TTLs and a spacing.
        await Task.Delay(Deployment.Ttl * 2 + Deployment.Spacing);

        List<Deployment.Run> runs = await deployment.RunsAsync();
        Assert.Contains(runs, r => r.Started > continuedAt);
        Assert.All(runs.Where(r => r.Pid == pausedPid && r.Started > continuedAt),
            r => Assert.True(r.Token > pausedToken, $"The resumed leader ran with its old token {r.Token}.\n{deployment.Transcript}"));
        Assert.Contains(leader.Lines, l => l.Text.Contains("Leadership lost", StringComparison.Ordinal) && l.Text.Contains($"token {pausedToken}", StringComparison.Ordinal));
        LeaderAssertions.TokensNeverDecrease(runs, deployment.Transcript);
    }
}

public sealed class PostgresPausedLeaderTests() : PausedLeaderTests(BackendKind.PostgreSql);

public sealed class RedisPausedLeaderTests() : PausedLeaderTests(BackendKind.Redis);

public sealed class EtcdPausedLeaderTests() : PausedLeaderTests(BackendKind.Etcd);
