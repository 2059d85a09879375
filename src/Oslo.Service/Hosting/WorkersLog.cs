using Microsoft.Extensions.Logging;

namespace Oslo.Service.Hosting;

/// <summary>Log events of <c>UseOsloWorkers</c> (event ids 4150–4169).</summary>
internal static partial class WorkersLog
{
    [LoggerMessage(EventId = 4150, EventName = "StartupFailed", Level = LogLevel.Critical, Message = "Cannot start: {Reason}")]
    internal static partial void StartupFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4151, EventName = "ConfigurationReloadFailed", Level = LogLevel.Error,
        Message = "Configuration not reloaded, the old values stay: {Reason}")]
    internal static partial void ConfigurationReloadFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4152, EventName = "SupervisorStarting", Level = LogLevel.Information,
        Message = "Supervising {Workers} workers of {Application} from process {Pid} (SIGHUP reloads, SIGTERM stops)")]
    internal static partial void SupervisorStarting(this ILogger logger, int workers, string application, int pid);
}
