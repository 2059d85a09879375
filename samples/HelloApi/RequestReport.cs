using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Periodic;

namespace HelloApi;

/// <summary>The periodic task: one line per interval with this worker's request count.</summary>
internal sealed partial class RequestReport : PeriodicTasks
{
    private readonly RequestCounter _counter;
    private readonly ILogger _logger;

    public RequestReport(ConfigOpts conf, TimeSpan interval, RequestCounter counter, ILogger logger)
        : base(conf, logger: logger)
    {
        _counter = counter;
        _logger = logger;
        AddPeriodicTask(new PeriodicTask("request_report", Report, interval));
    }

    private ValueTask Report(CancellationToken cancellationToken)
    {
        LogCount(_logger, Environment.ProcessId, _counter.Count);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "pid {Pid} has served {Count} requests")]
    private static partial void LogCount(ILogger logger, int pid, long count);
}
