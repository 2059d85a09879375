using Microsoft.Extensions.Logging;

namespace Oslo.Config;

/// <summary>Every log event of Oslo.Config, with oslo's message texts (one table of event ids).
/// Event ids 100–199 belong to Oslo.Config; Oslo.Service uses 1000 and up.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Option \"{DeprecatedOption}\" from group \"{DeprecatedGroup}\" is deprecated. Use option \"{Option}\" from group \"{Group}\".")]
    public static partial void DeprecatedNameUsed(ILogger logger, string deprecatedOption, string deprecatedGroup, string option, string group);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Option \"{Option}\" from group \"{Group}\" is deprecated for removal{Reason}.  Its value may be silently ignored in the future.")]
    public static partial void DeprecatedForRemovalUsed(ILogger logger, string option, string group, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Config option {DeprecatedGroup}.{DeprecatedOption}  is deprecated. Use option {Group}.{Option} instead.")]
    public static partial void DeprecatedNameAccessed(ILogger logger, string deprecatedGroup, string deprecatedOption, string group, string option);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Caught Error while reloading configure files: {Error}")]
    public static partial void ReloadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Ignoring change to immutable option {Group}.{Option}")]
    public static partial void ImmutableChangeIgnored(ILogger logger, string group, string option);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Option {Group}.{Option} changed from [{OldValue}] to [{NewValue}]")]
    public static partial void OptionChanged(ILogger logger, string group, string option, string oldValue, string newValue);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Caught Error while mutating configure files: {Error}")]
    public static partial void MutateFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 114, Level = LogLevel.Error, Message = "Mutate hook {Hook} failed")]
    public static partial void MutateHookFailed(ILogger logger, Exception exception, string hook);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "{File}:{Line}: {Problem}")]
    public static partial void UnknownOptionFound(ILogger logger, string file, int line, string problem);

    [LoggerMessage(EventId = 120, Message = "{Line}")]
    public static partial void OptValuesLine(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 121, Message = "{Option,-30} = {Value}")]
    public static partial void OptValue(ILogger logger, LogLevel level, string option, string value);
}
