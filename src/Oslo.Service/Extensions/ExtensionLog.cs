using Microsoft.Extensions.Logging;

namespace Oslo.Service.Extensions;

/// <summary>Log events of process extensions (event ids 1900–1919).</summary>
internal static partial class ExtensionLog
{
    [LoggerMessage(EventId = 1900, EventName = "BackdoorOptionIgnored", Level = LogLevel.Warning,
        Message = "{Option} is set ({Value}) but the debug console is not enabled; call launcher.UseBackdoor() "
            + "(package Oslo.Service.Backdoor) before WaitAsync to enable it")]
    internal static partial void BackdoorOptionIgnored(this ILogger logger, string option, string value);

    [LoggerMessage(EventId = 1901, EventName = "ExtensionStartFailed", Level = LogLevel.Error,
        Message = "Process extension {Extension} failed to start: {Reason}")]
    internal static partial void ExtensionStartFailed(this ILogger logger, string extension, string reason);

    [LoggerMessage(EventId = 1902, EventName = "ExtensionStopFailed", Level = LogLevel.Warning,
        Message = "Process extension {Extension} failed to stop")]
    internal static partial void ExtensionStopFailed(this ILogger logger, string extension, Exception exception);
}
