using System.Diagnostics;

using Oslo.Service.Coordination.Backends;
using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

/// <summary>
/// PostgreSQL leases follow the holder's session: a candidate takes a lease at once when the holder's session is gone
/// (a crashed process's socket is closed by its kernel), and is woken by it; a live session keeps the lease until its
/// TTL, whatever the holder does (a SIGSTOPped process keeps its socket open).
/// </summary>
public sealed class PostgresSessionTests : IAsyncLifetime
{
    // Long enough that only the session path can explain a takeover within the test's deadlines.
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(120);
    private PostgresServer? _server;

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task AcquireOrRenew_HolderSessionClosed_CandidateTakesOverAtOnceWithAGreaterToken()
    {
        await using var candidate = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl));
        long first;
        await using (var holder = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl)))
        {
            first = (await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default))!.Value;
            Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));
        }

        // The holder's session closed (its pool disposed): the lease is free long before its TTL.
        long? taken = await EventuallyAsync(() => candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));
        Assert.True(taken > first, $"token {taken} after {first}");
    }

    [Fact]
    public async Task FirstCall_SchemaThere_TakesNoTableLock_AnOpenTransactionElsewhereDoesNotBlockIt()
    {
        // A member SIGSTOPped inside a transaction that wrote the lease table (ROW EXCLUSIVE, as any writer) must not
        // hold up a member that starts: before, each member's first call ran ALTER TABLE … ADD COLUMN IF NOT EXISTS,
        // whose ACCESS EXCLUSIVE lock waited on it (and, once granted, a member paused before its COMMIT blocked
        // every lease call of the deployment).
        await using (var first = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl)))
        {
            Assert.NotNull(await first.AcquireOrRenewAsync("e", "first", s_ttl, default));
        }

        await using var paused = new Npgsql.NpgsqlConnection(_server.ConnectionString);
        await paused.OpenAsync();
        await using Npgsql.NpgsqlTransaction transaction = await paused.BeginTransactionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE oslo_coordination_leaders IN ROW EXCLUSIVE MODE", paused, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        await using var starting = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await starting.AcquireOrRenewAsync("f", "starting", s_ttl, deadline.Token));
    }

    [Fact]
    public async Task AcquireOrRenew_HolderSessionAliveButIdle_CandidateWaitsForTheTtl()
    {
        await using var holder = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl));
        await using var candidate = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl));
        Assert.NotNull(await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default));

        // The holder stops calling (as a SIGSTOPped process does) but its session lives: no takeover.
        for (int i = 0; i < 5; i++)
        {
            Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));
        }
    }

    [Fact]
    public async Task AcquireOrRenew_HolderSessionTerminatedByTheServer_HolderComesBackWithoutTheLease()
    {
        await using var holder = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl));
        await using var candidate = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl));
        long first = (await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default))!.Value;

        await _server.ExecuteAsync("SELECT pg_terminate_backend(holder_pid) FROM oslo_coordination_leaders WHERE name = 'e'");
        long? taken = await EventuallyAsync(() => candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));

        Assert.True(taken > first);
        // The holder's next call runs on a new session and finds the lease taken: it cannot go on with its old term.
        long? again = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                again = await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default);
                break;
            }
            catch (Npgsql.NpgsqlException)
            {
                // The first call on the terminated session fails; the next opens a new one.
            }
        }

        Assert.Null(again);
    }

    [Fact]
    public async Task WaitForVacancy_HolderSessionEnds_WakesAtOnceNotAtTheTimeout()
    {
        await using var candidate = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl));
        var holder = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl));
        Assert.NotNull(await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default));
        Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));

        var clock = Stopwatch.StartNew();
        Task wait = candidate.WaitForVacancyAsync("e", TimeSpan.FromSeconds(60), default);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(wait.IsCompleted, "the wait ended while the holder's session was alive");
        await holder.DisposeAsync();
        await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"woken after {clock.Elapsed}");
        Assert.NotNull(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));
    }

    [Fact]
    public async Task WaitForVacancy_HolderSessionAlive_EndsAtTheTimeout()
    {
        await using var holder = new PostgresBackend(BackendUrl.Parse(_server!.BackendUrl));
        await using var candidate = new PostgresBackend(BackendUrl.Parse(_server.BackendUrl));
        Assert.NotNull(await holder.AcquireOrRenewAsync("e", "holder", s_ttl, default));
        Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));

        var clock = Stopwatch.StartNew();
        await candidate.WaitForVacancyAsync("e", TimeSpan.FromMilliseconds(300), default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"ended after {clock.Elapsed}");
        Assert.Null(await candidate.AcquireOrRenewAsync("e", "candidate", s_ttl, default));
    }

    // Up to 30 s for the server to notice a closed session (it does within milliseconds; the margin is for load).
    private static async Task<long?> EventuallyAsync(Func<Task<long?>> acquire)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await acquire() is { } token)
            {
                return token;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the lease was not free within 30 s of its holder's session ending");
            await Task.Delay(20);
        }
    }
}
