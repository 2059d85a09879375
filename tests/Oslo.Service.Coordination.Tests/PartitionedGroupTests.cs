using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>3 members share 1,000 items on the hash ring; one is SIGKILLed and the survivors take its items.</summary>
public abstract class PartitionedGroupTests(BackendKind kind) : IAsyncLifetime
{
    private ServerProcess? _store;

    public async Task InitializeAsync() => _store = await Stores.StartAsync(kind);

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task PartitionedGroup_ThreeMembersThenOneSigkilled_EachItemOwnedByExactlyOneAndSurvivorsCoverAllWithinTtl()
    {
        await using Deployment deployment = await Deployment.StartAsync("partition", _store!.BackendUrl, replicas: 3, workers: 1, records: null,
            new Dictionary<string, string> { ["COORD_ITEMS"] = "1000" });
        List<int>[] owned = await LatestViewsAsync(deployment, deployment.Replicas, members: 3, after: TimeSpan.Zero, TimeSpan.FromSeconds(120));
        AssertExactCover(owned, deployment);

        Replica victim = deployment.Replicas[0];
        TimeSpan killedAt = TestClock.Now;
        victim.SignalGroup(Posix.SigKill);
        List<Replica> survivors = [.. deployment.Replicas.Skip(1)];
        owned = await LatestViewsAsync(deployment, survivors, members: 2, after: killedAt, TimeSpan.FromSeconds(30));
        TimeSpan covered = survivors.Max(r => r.Lines.Last(l => IsView(l, 2) && l.At > killedAt).At) - killedAt;
        AssertExactCover(owned, deployment);
        // Within the TTL, plus the survivors' next read (TTL / 6) and a loaded machine's scheduling.
        Assert.True(covered <= Deployment.Ttl + (Deployment.Ttl / 6) + TimeSpan.FromSeconds(1),
            $"The survivors covered all items {covered.TotalSeconds:F2} s after the SIGKILL (TTL {Deployment.Ttl.TotalSeconds} s).");
    }

    private static bool IsView(Replica.Line line, int members) =>
        line.Text.StartsWith("owned ", StringComparison.Ordinal) && Field(line.Text, "members").Split(',', StringSplitOptions.RemoveEmptyEntries).Length == members;

    private static async Task<List<int>[]> LatestViewsAsync(Deployment deployment, List<Replica> replicas, int members, TimeSpan after, TimeSpan deadline)
    {
        TimeSpan until = TestClock.Now + deadline;
        while (replicas.Any(r => !r.Lines.Any(l => IsView(l, members) && l.At > after)))
        {
            if (TestClock.Now > until)
            {
                throw new TimeoutException($"Not every member saw {members} members within {deadline.TotalSeconds} s.\n{deployment.Transcript}");
            }

            await Task.Delay(50);
        }

        return [.. replicas.Select(r => Items(r.Lines.Last(l => IsView(l, members)).Text))];
    }

    private static void AssertExactCover(List<int>[] owned, Deployment deployment)
    {
        var all = owned.SelectMany(o => o).ToList();
        Assert.True(all.Count == 1000 && all.Distinct().Count() == 1000 && all.Min() == 0 && all.Max() == 999,
            $"The members own {all.Count} items, {all.Distinct().Count()} distinct; expected each of 0..999 exactly once.\n{deployment.Transcript}");
        Assert.All(owned, o => Assert.NotEmpty(o));
    }

    private static List<int> Items(string line) =>
        [.. Field(line, "items").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];

    private static string Field(string line, string name)
    {
        int at = line.IndexOf(" " + name + "=", StringComparison.Ordinal) + name.Length + 2;
        int end = line.IndexOf(' ', at);
        return end < 0 ? line[at..] : line[at..end];
    }
}

public sealed class PostgresPartitionedGroupTests() : PartitionedGroupTests(BackendKind.PostgreSql);

public sealed class RedisPartitionedGroupTests() : PartitionedGroupTests(BackendKind.Redis);

public sealed class EtcdPartitionedGroupTests() : PartitionedGroupTests(BackendKind.Etcd);
