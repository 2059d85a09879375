using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;
using Oslo.Service.Threading;

namespace OsloWorker;

/// <summary>
/// The service: its periodic tasks on a timer of its own thread group. The launcher calls
/// <see cref="StartAsync"/>, then <see cref="WaitAsync"/>; on SIGTERM <see cref="StopAsync"/> (graceful); on SIGHUP
/// as a daemon it re-reads the config files, stops the service and starts it again.
/// </summary>
internal sealed partial class WorkerService(ConfigOpts conf, ILoggerFactory loggerFactory) : ServiceBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<WorkerService>();
    private ThreadGroup? _threads;

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        // A fresh group and a fresh interval on every start: a reload stops the service and starts it again.
        var interval = TimeSpan.FromSeconds(conf.Get(WorkerOptions.Interval, WorkerOptions.ReportGroup));
        _threads = new ThreadGroup(loggerFactory: loggerFactory);
        _threads.AddPeriodicTasksTimer(new ReportTasks(conf, interval, _logger), periodicIntervalMax: interval);
        LogStarted(_logger, Environment.ProcessId, interval.TotalSeconds);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        LogStopping(_logger, graceful);
        if (_threads is { } threads)
        {
            await threads.StopAsync(graceful, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) =>
        _threads?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    // Called on SIGHUP between the stop and the next start: reset what must not survive a reload (caches, clients).
    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "OsloWorker started (pid {Pid}, report every {IntervalSeconds} s)")]
    private static partial void LogStarted(ILogger logger, int pid, double intervalSeconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "OsloWorker stopping (graceful {Graceful})")]
    private static partial void LogStopping(ILogger logger, bool graceful);
}
