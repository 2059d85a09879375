using Microsoft.Extensions.Logging;

namespace Oslo.Config;

/// <summary>Every log event of Oslo.Config, with oslo's message texts (one table of event ids).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Option \"{DeprecatedOption}\" from group \"{DeprecatedGroup}\" is deprecated. Use option \"{Option}\" from group \"{Group}\".")]
    public static partial void DeprecatedNameUsed(ILogger logger, string deprecatedOption, string deprecatedGroup, string option, string group);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Option \"{Option}\" from group \"{Group}\" is deprecated for removal{Reason}.  Its value may be silently ignored in the future.")]
    public static partial void DeprecatedForRemovalUsed(ILogger logger, string option, string group, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Config option {DeprecatedGroup}.{DeprecatedOption}  is deprecated. Use option {Group}.{Option} instead.")]
    public static partial void DeprecatedNameAccessed(ILogger logger, string deprecatedGroup, string deprecatedOption, string group, string option);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Caught Error while reloading configure files: {Error}")]
    public static partial void ReloadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Ignoring change to immutable option {Group}.{Option}")]
    public static partial void ImmutableChangeIgnored(ILogger logger, string group, string option);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Option {Group}.{Option} changed from [{OldValue}] to [{NewValue}]")]
    public static partial void OptionChanged(ILogger logger, string group, string option, string oldValue, string newValue);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Caught Error while mutating configure files: {Error}")]
    public static partial void MutateFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error, Message = "Mutate hook {Hook} failed")]
    public static partial void MutateHookFailed(ILogger logger, Exception exception, string hook);

    [LoggerMessage(EventId = 1020, Message = "{Line}")]
    public static partial void OptValuesLine(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 1021, Message = "{Option,-30} = {Value}")]
    public static partial void OptValue(ILogger logger, LogLevel level, string option, string value);
}