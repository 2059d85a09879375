using System.Diagnostics;

using Oslo.Service.Coordination.Backends;
using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>
/// A follower's wait for the lease (Redis: until the holder's PTTL; etcd: a watch on the leader key's delete) ends when
/// the lease expires, not a poll interval later, and lasts while the holder keeps it. etcd's also ends on a release
/// (Redis's release is found by the next poll: the wait is bounded by the poll interval).
/// </summary>
public abstract class VacancyWaitTests(BackendKind kind) : IAsyncLifetime
{
    private ServerProcess? _store;

    public async Task InitializeAsync() => _store = await Stores.StartAsync(kind);

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected async Task HolderReleases_WakesBeforeTheTimeoutAndTheLeaseIsFree()
    {
        var ttl = TimeSpan.FromSeconds(60);
        await using ICoordinationBackend holder = Backend(ttl);
        await using ICoordinationBackend candidate = Backend(ttl);
        Assert.NotNull(await holder.AcquireOrRenewAsync("e", "holder", ttl, default));
        Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", ttl, default));

        var clock = Stopwatch.StartNew();
        Task wait = candidate.WaitForVacancyAsync("e", TimeSpan.FromSeconds(60), default);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(wait.IsCompleted, "the wait ended while the lease was held");
        await holder.ReleaseAsync("e", "holder", default);
        await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"woken after {clock.Elapsed}");
        Assert.NotNull(await candidate.AcquireOrRenewAsync("e", "candidate", ttl, default));
    }

    [Fact]
    public async Task WaitForVacancy_HolderStopsRenewing_WakesAtTheExpiryNotAPollLater()
    {
        var ttl = TimeSpan.FromSeconds(2);
        await using ICoordinationBackend holder = Backend(ttl);
        await using ICoordinationBackend candidate = Backend(ttl);
        Assert.NotNull(await holder.AcquireOrRenewAsync("e", "holder", ttl, default));
        Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", ttl, default));

        // The holder never renews (as if killed): one wait, as long as a minute, must end with the lease's expiry.
        var clock = Stopwatch.StartNew();
        await candidate.WaitForVacancyAsync("e", TimeSpan.FromSeconds(60), default).WaitAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"{kind}: woken {clock.Elapsed.TotalMilliseconds:F0} ms after a TTL of {ttl.TotalMilliseconds} ms");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"woken after {clock.Elapsed}");
        // Woken at the expiry the store reported: the lease is free then, or a few milliseconds later on a loaded
        // machine (the store's expiry and our wake-up are two clocks); a poll later would be a second away.
        long? taken = null;
        for (int attempt = 0; attempt < 10 && taken is null; attempt++)
        {
            taken = await candidate.AcquireOrRenewAsync("e", "candidate", ttl, default);
            if (taken is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.True(taken is not null, $"the lease was not free within 500 ms of the wake-up ({clock.Elapsed} after the last renewal)");
    }

    private ICoordinationBackend Backend(TimeSpan ttl)
    {
        BackendUrl url = BackendUrl.Parse(_store!.BackendUrl);
        return kind == BackendKind.Redis ? new RedisBackend(url, ttl) : new EtcdBackend(url, ttl);
    }
}

public sealed class RedisVacancyWaitTests() : VacancyWaitTests(BackendKind.Redis);

public sealed class EtcdVacancyWaitTests() : VacancyWaitTests(BackendKind.Etcd)
{
    [Fact]
    public Task WaitForVacancy_HolderReleases_WakesBeforeTheTimeoutAndTheLeaseIsFree() => HolderReleases_WakesBeforeTheTimeoutAndTheLeaseIsFree();
}
