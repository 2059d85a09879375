namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>
/// What the leader-failure tests share: a store of <paramref name="kind"/> (the PostgreSQL that records the runs doubles
/// as the store when the kind is PostgreSQL), and a deployment of 3 replicas × 2 workers running a leader-only task,
/// taken past start-up: every member started, and the leader's second run seen (it is renewing its lease).
/// </summary>
/// <param name="kind">The coordination store.</param>
public abstract class SteadyLeaderFixture(BackendKind kind) : IAsyncLifetime
{
    private PostgresServer? _records;
    private ServerProcess? _store;

    /// <summary>The store under test.</summary>
    protected BackendKind Kind => kind;

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

    /// <summary>Starts the deployment and waits until it is steady; returns the leader and its first run's line.</summary>
    private protected async Task<(Deployment Deployment, Replica Leader, Replica.Line First)> StartSteadyLeaderAsync()
    {
        Deployment deployment = await Deployment.StartAsync("leader", _store!.BackendUrl, replicas: 3, workers: 2, _records);
        try
        {
            // Every member started before anything is killed or paused: on a loaded machine a late member would
            // otherwise join after the failure and blur what the test measures.
            await deployment.WaitForEveryMemberAsync(workers: 2, TimeSpan.FromSeconds(120));
            (Replica leader, Replica.Line first) = await deployment.WaitForLineAsync(LeaderAssertions.IsRun, TimeSpan.FromSeconds(120), "with a first run");
            // A second run by the same leader: the deployment is past start-up, the leader renewing.
            await deployment.WaitForLineAsync(l => LeaderAssertions.IsRun(l) && l.At > first.At, TimeSpan.FromSeconds(30), "with a second run");
            return (deployment, leader, first);
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }
}
