using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>
/// Log events of services, launchers, signals and systemd (event ids 1000–1999). One method per event; the texts
/// oslo logs are kept word for word where operators grep for them.
/// </summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 1000, EventName = "ServiceStartFailed", Level = LogLevel.Error,
        Message = "Error starting thread. Service {Service} failed to start")]
    internal static partial void ServiceStartFailed(this ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 1001, EventName = "ServiceStopFailed", Level = LogLevel.Error,
        Message = "Service {Service} failed to stop")]
    internal static partial void ServiceStopFailed(this ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 1002, EventName = "ServicesStarted", Level = LogLevel.Information,
        Message = "Started {Count} service(s)")]
    internal static partial void ServicesStarted(this ILogger logger, int count);

    [LoggerMessage(EventId = 1003, EventName = "ServicesStopped", Level = LogLevel.Information,
        Message = "Services stopped, exit status {ExitCode}")]
    internal static partial void ServicesStopped(this ILogger logger, int exitCode);

    [LoggerMessage(EventId = 1004, EventName = "ServicesStopFailed", Level = LogLevel.Error,
        Message = "Stopping the services failed")]
    internal static partial void ServicesStopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, EventName = "CaughtSigint", Level = LogLevel.Information,
        Message = "Caught SIGINT signal, instantaneous exiting")]
    internal static partial void CaughtSigint(this ILogger logger);

    [LoggerMessage(EventId = 1011, EventName = "GracefulShutdownStarted", Level = LogLevel.Information,
        Message = "Caught {Signal}, stopping services gracefully (graceful_shutdown_timeout {TimeoutSeconds} s, 0 = forever)")]
    internal static partial void GracefulShutdownStarted(this ILogger logger, string signal, int timeoutSeconds);

    [LoggerMessage(EventId = 1012, EventName = "GracefulShutdownTimeoutExceeded", Level = LogLevel.Information,
        Message = "Graceful shutdown timeout exceeded, instantaneous exiting")]
    internal static partial void GracefulShutdownTimeoutExceeded(this ILogger logger);

    [LoggerMessage(EventId = 1013, EventName = "CaughtSecondSigterm", Level = LogLevel.Information,
        Message = "Caught SIGTERM again during the graceful stop, instantaneous exiting")]
    internal static partial void CaughtSecondSigterm(this ILogger logger);

    [LoggerMessage(EventId = 1014, EventName = "CaughtForegroundSighup", Level = LogLevel.Information,
        Message = "Caught SIGHUP in a terminal's foreground, handling it as termination")]
    internal static partial void CaughtForegroundSighup(this ILogger logger);

    [LoggerMessage(EventId = 1015, EventName = "SignalIgnoredWhileStopping", Level = LogLevel.Debug,
        Message = "Caught {Signal} while stopping; ignored")]
    internal static partial void SignalIgnoredWhileStopping(this ILogger logger, string signal);

    [LoggerMessage(EventId = 1016, EventName = "SignalDispositionReset", Level = LogLevel.Debug,
        Message = "{Signal} was ignored when the process started; reset to the default so the launcher receives it")]
    internal static partial void SignalDispositionReset(this ILogger logger, string signal);

    [LoggerMessage(EventId = 1020, EventName = "CaughtSighupReloading", Level = LogLevel.Information,
        Message = "Caught SIGHUP, handling: restart method {RestartMethod}")]
    internal static partial void CaughtSighupReloading(this ILogger logger, string restartMethod);

    [LoggerMessage(EventId = 1021, EventName = "ReloadCompleted", Level = LogLevel.Information,
        Message = "Reload completed (restart method {RestartMethod})")]
    internal static partial void ReloadCompleted(this ILogger logger, string restartMethod);

    [LoggerMessage(EventId = 1022, EventName = "ReloadQueued", Level = LogLevel.Information,
        Message = "Caught SIGHUP during a reload; one more reload queued")]
    internal static partial void ReloadQueued(this ILogger logger);

    [LoggerMessage(EventId = 1023, EventName = "ConfigReloadFailed", Level = LogLevel.Error,
        Message = "The configuration could not be applied (restart method {RestartMethod}); services keep running with the previous values")]
    internal static partial void ConfigReloadFailed(this ILogger logger, string restartMethod);

    [LoggerMessage(EventId = 1025, EventName = "ConfigApplyFailed", Level = LogLevel.Error,
        Message = "The configuration files could not be applied: {Reason}")]
    internal static partial void ConfigApplyFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1024, EventName = "ReloadRestartFailed", Level = LogLevel.Error,
        Message = "Restarting the services after SIGHUP failed")]
    internal static partial void ReloadRestartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1030, EventName = "FullConfigurationLogging", Level = LogLevel.Debug,
        Message = "Full set of CONF:")]
    internal static partial void FullConfigurationLogging(this ILogger logger);

    [LoggerMessage(EventId = 1040, EventName = "SystemdNotificationFailed", Level = LogLevel.Debug,
        Message = "Systemd notification failed (NOTIFY_SOCKET {NotifySocket})")]
    internal static partial void SystemdNotificationFailed(this ILogger logger, string notifySocket, Exception exception);

    [LoggerMessage(EventId = 1050, EventName = "HostedServiceStopTimedOut", Level = LogLevel.Warning,
        Message = "Hosted service {Service} did not stop before its token was cancelled")]
    internal static partial void HostedServiceStopTimedOut(this ILogger logger, string service);
}
