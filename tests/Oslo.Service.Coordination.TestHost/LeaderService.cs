using Microsoft.Extensions.Logging;

using Npgsql;

using Oslo.Config;
using Oslo.Service.Coordination.Leadership;
using Oslo.Service.Coordination.Periodic;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;
using Oslo.Service.Threading;

namespace Oslo.Service.Coordination.TestHost;

/// <summary>One worker: its own coordinator (member) and the leader-only task on a thread group's timer.</summary>
internal sealed class LeaderService(ConfigOpts conf, ILoggerFactory loggerFactory) : ServiceBase
{
    private ThreadGroup? _threads;
    private Coordinator? _coordinator;

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // The record path warmed up (pool and JIT) before this worker competes, so that a new leader's first record
        // measures the takeover, not a cold start of Npgsql on a loaded machine.
        if (Environment.GetEnvironmentVariable("COORD_RECORD") is { } record)
        {
            await using var connection = new NpgsqlConnection(record);
            await connection.OpenAsync(cancellationToken);
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM runs", connection);
            await probe.ExecuteScalarAsync(cancellationToken);
        }

        _coordinator = Coordinator.FromConfig(conf, loggerFactory);
        var tasks = new LeaderTasks(conf, loggerFactory.CreateLogger<LeaderTasks>());
        if (_coordinator is not null)
        {
            tasks.UseCoordination(_coordinator, loggerFactory);
        }

        _threads = new ThreadGroup(loggerFactory: loggerFactory);
        _threads.AddPeriodicTasksTimer(tasks, periodicIntervalMax: TimeSpan.FromSeconds(1));
        Console.Out.WriteLine($"worker started pid={Environment.ProcessId} member={_coordinator?.MemberId}");
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (_threads is { } threads)
        {
            await threads.StopAsync(graceful, cancellationToken);
        }

        if (_coordinator is { } coordinator)
        {
            await coordinator.DisposeAsync();
        }
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) =>
        _threads?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>The leader-only task: a record per run in the test's PostgreSQL, with the database's clock.</summary>
internal sealed class LeaderTasks(ConfigOpts conf, ILogger logger) : PeriodicTasks(conf, logger: logger)
{
    private readonly string? _record = Environment.GetEnvironmentVariable("COORD_RECORD");

    [PeriodicTask(Spacing = 1, RunImmediately = true, RunOn = PeriodicTaskRunOn.OnceAcrossDeployment)]
    public async Task LeaderTask(CancellationToken cancellationToken)
    {
        LeaderTerm term = LeaderTerm.Current!;
        long id = 0;
        if (_record is not null)
        {
            await using var connection = new NpgsqlConnection(_record);
            await connection.OpenAsync(cancellationToken);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO runs (token, pid, started) VALUES ($1, $2, clock_timestamp()) RETURNING id", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = term.FencingToken });
            insert.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            // The work: long enough for an overlap to show, short beside the 1 s spacing.
            await Task.Delay(100, CancellationToken.None);
            await using var update = new NpgsqlCommand("UPDATE runs SET ended = clock_timestamp() WHERE id = $1", connection);
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            await update.ExecuteNonQueryAsync(CancellationToken.None);
        }

        Console.Out.WriteLine($"leader task ran token={term.FencingToken} pid={Environment.ProcessId} run={id}");
        Console.Out.Flush();
    }
}
