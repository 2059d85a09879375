using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Periodic;

namespace FooService;

/// <summary>The sample's periodic tasks: one heartbeat line every <c>heartbeat_interval</c> seconds.</summary>
internal sealed partial class Heartbeat : PeriodicTasks
{
    private readonly ILogger _logger;
    private int _beats;

    public Heartbeat(ConfigOpts conf, TimeSpan interval, ILogger logger)
        : base(conf, logger: logger)
    {
        _logger = logger;
        AddPeriodicTask(new PeriodicTask("heartbeat", Beat, interval, runImmediately: true));
    }

    private ValueTask Beat(CancellationToken cancellationToken)
    {
        LogHeartbeat(_logger, ++_beats);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Heartbeat {Beat}")]
    private static partial void LogHeartbeat(ILogger logger, int beat);
}
