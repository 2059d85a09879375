using Npgsql;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>
/// Three replicas of the test host against one store, their config in a temp file; the leader-only task's runs
/// recorded in <c>runs</c> of a PostgreSQL database (the database's clock times them all).
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);
    private readonly string _configFile;

    private Deployment(string configFile, List<Replica> replicas, PostgresServer? records)
    {
        _configFile = configFile;
        Replicas = replicas;
        Records = records;
    }

    public List<Replica> Replicas { get; }

    public PostgresServer? Records { get; }

    public string Transcript => string.Join('\n', Replicas.Select(r => r.Transcript));

    public static async Task<Deployment> StartAsync(string mode, string backendUrl, int replicas, int workers, PostgresServer? records,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string configFile = Path.Combine(Path.GetTempPath(), $"oslo-coord-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(configFile, $"""
            [DEFAULT]
            workers = {workers}
            graceful_shutdown_timeout = 5

            [coordination]
            backend_url = {backendUrl}
            lease_ttl = {Ttl.TotalSeconds}
            max_retry_interval = 1
            """);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        if (records is not null)
        {
            await records.ExecuteAsync("CREATE TABLE IF NOT EXISTS runs (id bigserial PRIMARY KEY, token bigint NOT NULL, pid int NOT NULL, started timestamptz NOT NULL, ended timestamptz)");
            env["COORD_RECORD"] = records.ConnectionString;
        }

        var started = Enumerable.Range(0, replicas).Select(i => Replica.Start($"r{i}", mode, configFile, env)).ToList();
        return new Deployment(configFile, started, records);
    }

    /// <summary>Waits until some line satisfies <paramref name="match"/>; returns it with its replica.</summary>
    public async Task<(Replica Replica, Replica.Line Line)> WaitForLineAsync(Func<Replica.Line, bool> match, TimeSpan deadline, string what)
    {
        TimeSpan until = TestClock.Now + deadline;
        while (TestClock.Now < until)
        {
            foreach (Replica replica in Replicas)
            {
                if (replica.Lines.FirstOrDefault(match) is { } line)
                {
                    return (replica, line);
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No line {what} within {deadline.TotalSeconds} s. Transcript:\n{Transcript}");
    }

    /// <summary>
    /// Waits until every replica's <paramref name="workers"/> members have started (their "worker started" lines): a
    /// takeover is measured between running replicas, not against one still starting on a loaded machine.
    /// </summary>
    public async Task WaitForEveryMemberAsync(int workers, TimeSpan deadline)
    {
        TimeSpan until = TestClock.Now + deadline;
        while (!Replicas.All(r => r.Lines.Count(l => l.Text.Contains("worker started pid=", StringComparison.Ordinal)) >= workers))
        {
            if (TestClock.Now > until)
            {
                throw new TimeoutException($"Not every member started within {deadline.TotalSeconds} s. Transcript:\n{Transcript}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The recorded runs, in start order.</summary>
    public async Task<List<Run>> RunsAsync()
    {
        await using var connection = new NpgsqlConnection(Records!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT token, pid, extract(epoch FROM started)::float8, extract(epoch FROM ended)::float8 FROM runs ORDER BY started", connection);
        var runs = new List<Run>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add(new Run(reader.GetInt64(0), reader.GetInt32(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        }

        return runs;
    }

    /// <summary>The records database's clock now, in seconds since the epoch.</summary>
    public async Task<double> DatabaseNowAsync()
    {
        await using var connection = new NpgsqlConnection(Records!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT extract(epoch FROM clock_timestamp())::float8", connection);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Replica replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        File.Delete(_configFile);
    }

    public sealed record Run(long Token, int Pid, double Started, double? Ended);
}
