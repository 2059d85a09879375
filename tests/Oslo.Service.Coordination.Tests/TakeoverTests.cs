using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>SIGKILL the leader's replica (launcher and workers): another replica runs the task within TTL + one spacing.</summary>
public abstract class TakeoverTests(BackendKind kind) : IAsyncLifetime
{
    // Beyond TTL + spacing: a follower's poll (TTL / 6) and a loaded 2-core machine's scheduling.
    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(1.5);
    // PostgreSQL: well under the TTL (3 s) and the spacing (1 s) together; a loaded machine's scheduling aside, the
    // takeover is one wake-up and two round trips.
    private static readonly TimeSpan s_sessionTakeover = TimeSpan.FromSeconds(2);
    private PostgresServer? _records;
    private ServerProcess? _store;

    public async Task InitializeAsync()
    {
        _records = await PostgresServer.StartNewAsync();
        _store = kind == BackendKind.PostgreSql ? _records : await Stores.StartAsync(kind);
    }

    public async Task DisposeAsync()
    {
        if (!ReferenceEquals(_store, _records))
        {
            await _store!.DisposeAsync();
        }

        await _records!.DisposeAsync();
    }

    [Fact]
    public async Task LeaderOnlyTask_LeaderReplicaSigkilled_AnotherReplicaRunsWithinTtlPlusSpacing()
    {
        await using Deployment deployment = await Deployment.StartAsync("leader", _store!.BackendUrl, replicas: 3, workers: 2, _records);
        await deployment.WaitForEveryMemberAsync(workers: 2, TimeSpan.FromSeconds(120));
        (Replica leader, Replica.Line first) = await deployment.WaitForLineAsync(LeaderAssertions.IsRun, TimeSpan.FromSeconds(120), "with a first run");
        // A second run by the same leader: the deployment is past start-up, the leader renewing.
        await deployment.WaitForLineAsync(l => LeaderAssertions.IsRun(l) && l.At > first.At, TimeSpan.FromSeconds(30), "with a second run");
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
        if (kind == BackendKind.PostgreSql)
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
