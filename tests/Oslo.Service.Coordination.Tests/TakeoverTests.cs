using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>SIGKILL the leader's replica (launcher and workers): another replica runs the task within TTL + one spacing.</summary>
public abstract class TakeoverTests(BackendKind kind) : SteadyLeaderFixture(kind)
{
    // Beyond TTL + spacing: a follower's poll (TTL / 6) and a loaded 2-core machine's scheduling.
    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(1.5);
    // PostgreSQL: well under the TTL (3 s) and the spacing (1 s) together; a loaded machine's scheduling aside, the
    // takeover is one wake-up and two round trips.
    private static readonly TimeSpan s_sessionTakeover = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task LeaderOnlyTask_LeaderReplicaSigkilled_AnotherReplicaRunsWithinTtlPlusSpacing()
    {
        (Deployment deployment, Replica leader, Replica.Line first) = await StartSteadyLeaderAsync();
        await using Deployment _ = deployment;
        long oldToken = first.Field("token")!.Value;
        long oldPid = first.Field("pid")!.Value;

        double killedAt = await deployment.DatabaseNowAsync();
        leader.SignalGroup(Posix.SigKill);
        deployment.Replicas.Remove(leader);
        await leader.DisposeAsync();
        await deployment.WaitForLineAsync(LeaderAssertions.IsRun, TimeSpan.FromSeconds(30), "with a run by another replica");

        List<Deployment.Run> runs = await deployment.RunsAsync();
        // The killed leader may have started one more run between the clock reading and the SIGKILL.
        Deployment.Run next = runs.First(r => r.Started > killedAt && r.Pid != oldPid);
        double takeover = next.Started - killedAt;
        Assert.True(next.Token > oldToken, $"The new leader's token {next.Token} is not greater than the killed leader's {oldToken}.");
        Assert.True(takeover <= (Deployment.Ttl + Deployment.Spacing + s_slack).TotalSeconds,
            $"Takeover took {takeover:F2} s (TTL {Deployment.Ttl.TotalSeconds} s + spacing {Deployment.Spacing.TotalSeconds} s).\n{deployment.Transcript}");
        LeaderAssertions.TokensNeverDecrease(runs, deployment.Transcript);
        if (Kind == BackendKind.PostgreSql)
        {
            // The killed leader's session ended with its process: the lease is taken at once, not after the TTL, and
            // the owed run starts on the new term rather than at the next spacing.
            Assert.True(takeover <= s_sessionTakeover.TotalSeconds,
                $"Takeover took {takeover:F2} s: a killed leader's ended session should free its lease at once (bound {s_sessionTakeover.TotalSeconds} s, TTL {Deployment.Ttl.TotalSeconds} s).\n{deployment.Transcript}");
        }
    }
}

public sealed class PostgresTakeoverTests() : TakeoverTests(BackendKind.PostgreSql);

public sealed class RedisTakeoverTests() : TakeoverTests(BackendKind.Redis);

public sealed class EtcdTakeoverTests() : TakeoverTests(BackendKind.Etcd);
