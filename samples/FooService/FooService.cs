using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Coordination;
using Oslo.Service.Coordination.Periodic;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;
using Oslo.Service.Threading;

namespace FooService;

/// <summary>
/// The sample service: a heartbeat on a periodic-task timer of its own thread group. On SIGHUP (as a daemon) the
/// launcher reloads <c>foo.conf</c> and calls <see cref="ResetAsync"/>, which re-applies <c>debug</c> to the log level.
/// </summary>
internal sealed partial class FooService(ConfigOpts conf, LogLevelSwitch levelSwitch, ILoggerFactory loggerFactory) : ServiceBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<FooService>();
    private ThreadGroup? _threads;
    private Coordinator? _coordinator;

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        // A fresh group per start: a reload stops the service and starts it again.
        var interval = TimeSpan.FromSeconds(conf.Get(FooOptions.HeartbeatInterval));
        _threads = new ThreadGroup(loggerFactory: loggerFactory);
        _threads.AddPeriodicTasksTimer(new Heartbeat(conf, interval, _logger), periodicIntervalMax: interval);
        // With [coordination] backend_url set, every worker of every replica is a member; one of them leads.
        _coordinator = Coordinator.FromConfig(conf, loggerFactory);
        if (_coordinator is not null)
        {
            var leaderInterval = TimeSpan.FromSeconds(conf.Get(FooOptions.LeaderInterval));
            var leaderTask = new LeaderTask(conf, leaderInterval, _logger).UseCoordination(_coordinator, loggerFactory);
            _threads.AddPeriodicTasksTimer(leaderTask, periodicIntervalMax: leaderInterval);
        }

        LogStarted(_logger, Environment.ProcessId, interval.TotalSeconds);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        LogStopping(_logger, graceful);
        if (_threads is { } threads)
        {
            await threads.StopAsync(graceful, cancellationToken);
        }

        if (_coordinator is { } coordinator)
        {
            // Gives the lease up, so another replica takes over without waiting for the TTL.
            await coordinator.DisposeAsync();
            _coordinator = null;
        }
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) =>
        _threads?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public override Task ResetAsync(CancellationToken cancellationToken = default)
    {
        ApplyLogging(conf, levelSwitch);
        LogReset(_logger, levelSwitch.Minimum);
        return Task.CompletedTask;
    }

    /// <summary>Applies the logging options of <paramref name="conf"/> (oslo.log's <c>debug</c>).</summary>
    public static void ApplyLogging(ConfigOpts conf, LogLevelSwitch levelSwitch) =>
        levelSwitch.Minimum = conf.Get(FooOptions.Debug) == true ? LogLevel.Debug : LogLevel.Information;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "FooService started (pid {Pid}, heartbeat every {IntervalSeconds} s)")]
    private static partial void LogStarted(ILogger logger, int pid, double intervalSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "FooService stopping (graceful {Graceful})")]
    private static partial void LogStopping(ILogger logger, bool graceful);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "FooService reset: log level now {Level}")]
    private static partial void LogReset(ILogger logger, LogLevel level);
}
