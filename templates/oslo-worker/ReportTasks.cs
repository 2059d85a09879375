using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Periodic;

namespace OsloWorker;

/// <summary>The service's periodic tasks (oslo's <c>PeriodicTasks</c>): here one, <c>report</c>.</summary>
internal sealed partial class ReportTasks : PeriodicTasks
{
    private readonly ILogger _logger;
    private int _runs;

    public ReportTasks(ConfigOpts conf, TimeSpan interval, ILogger logger)
        : base(conf, logger: logger)
    {
        _logger = logger;
        AddPeriodicTask(new PeriodicTask("report", Report, interval, runImmediately: true));
    }

    // Replace with the service's real work; the token is cancelled when the service stops.
    private ValueTask Report(CancellationToken cancellationToken)
    {
        LogReport(_logger, ++_runs, Environment.ProcessId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Report {Run} from pid {Pid}")]
    private static partial void LogReport(ILogger logger, int run, int pid);
}
