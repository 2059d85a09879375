using Microsoft.Extensions.Logging;

namespace Oslo.Service.Backdoor.Logging;

/// <summary>Log events of the debug console (event ids 7000–7099).</summary>
internal static partial class BackdoorLog
{
    // WARNING on purpose, as oslo logs it: anyone who can connect runs code as the service user.
    [LoggerMessage(EventId = 7000, EventName = "BackdoorListening", Level = LogLevel.Warning,
        Message = "Backdoor listening on {Where} for process {Pid}")]
    internal static partial void BackdoorListening(this ILogger logger, string where, int pid);

    [LoggerMessage(EventId = 7001, EventName = "BackdoorPortInUse", Level = LogLevel.Warning,
        Message = "Backdoor not enabled: backdoor_port {Range} is in use on 127.0.0.1 (process {Pid})")]
    internal static partial void BackdoorPortInUse(this ILogger logger, string range, int pid);

    [LoggerMessage(EventId = 7002, EventName = "BackdoorSocketFormatFailed", Level = LogLevel.Warning,
        Message = "Could not apply format string to eventlet backdoor socket path ({Path}) - continuing with unformatted path")]
    internal static partial void BackdoorSocketFormatFailed(this ILogger logger, string path);

    [LoggerMessage(EventId = 7003, EventName = "BackdoorSessionOpened", Level = LogLevel.Warning,
        Message = "Backdoor session {Session} opened from {Remote}")]
    internal static partial void BackdoorSessionOpened(this ILogger logger, int session, string remote);

    [LoggerMessage(EventId = 7004, EventName = "BackdoorSessionClosed", Level = LogLevel.Information,
        Message = "Backdoor session {Session} closed")]
    internal static partial void BackdoorSessionClosed(this ILogger logger, int session);

    [LoggerMessage(EventId = 7005, EventName = "BackdoorSessionRejected", Level = LogLevel.Warning,
        Message = "Backdoor session {Session} rejected: {Reason}")]
    internal static partial void BackdoorSessionRejected(this ILogger logger, int session, string reason);

    [LoggerMessage(EventId = 7006, EventName = "BackdoorSessionFailed", Level = LogLevel.Warning,
        Message = "Backdoor session {Session} ended with an error")]
    internal static partial void BackdoorSessionFailed(this ILogger logger, int session, Exception exception);

    [LoggerMessage(EventId = 7007, EventName = "BackdoorStopped", Level = LogLevel.Information,
        Message = "Backdoor on {Where} stopped")]
    internal static partial void BackdoorStopped(this ILogger logger, string where);

    // WARNING on purpose: who can use the console is the first thing an operator must know about it.
    [LoggerMessage(EventId = 7008, EventName = "BackdoorWithoutToken", Level = LogLevel.Warning,
        Message = "Backdoor on {Where} runs without a token: any local user who can connect to 127.0.0.1 can run code as "
            + "this service's user ({User}); set backdoor_token_file (a file only that user can read) or use backdoor_socket (a 0600 Unix socket)")]
    internal static partial void BackdoorWithoutToken(this ILogger logger, string where, string user);

    [LoggerMessage(EventId = 7009, EventName = "BackdoorRejectionsSummarized", Level = LogLevel.Warning,
        Message = "Backdoor: {Count} more connection(s) rejected in the last {Seconds} s (the latest: {Reason})")]
    internal static partial void BackdoorRejectionsSummarized(this ILogger logger, int count, int seconds, string reason);

    [LoggerMessage(EventId = 7010, EventName = "BackdoorReloadFailed", Level = LogLevel.Error,
        Message = "Backdoor left as it was at reload: {Reason}")]
    internal static partial void BackdoorReloadFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7011, EventName = "BackdoorSessionInputTooLong", Level = LogLevel.Warning,
        Message = "Backdoor session {Session} closed: input too long (more than {Limit} characters of unfinished code)")]
    internal static partial void BackdoorSessionInputTooLong(this ILogger logger, int session, int limit);

    [LoggerMessage(EventId = 7012, EventName = "BackdoorTokenChanged", Level = LogLevel.Information,
        Message = "Backdoor on {Where}: token re-read from {TokenFile}")]
    internal static partial void BackdoorTokenChanged(this ILogger logger, string where, string tokenFile);

    [LoggerMessage(EventId = 7013, EventName = "BackdoorSocketInUse", Level = LogLevel.Warning,
        Message = "Backdoor not enabled: backdoor_socket {Path} is refused (process {Pid}): {Reason}")]
    internal static partial void BackdoorSocketInUse(this ILogger logger, string path, int pid, string reason);
}
