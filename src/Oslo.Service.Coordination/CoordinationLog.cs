using Microsoft.Extensions.Logging;

namespace Oslo.Service.Coordination;

/// <summary>The coordination log events (ids 4000–4099), one method per event.</summary>
internal static partial class CoordinationLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Coordinator started: member {Member} on {Backend}, lease TTL {TtlSeconds} s")]
    public static partial void CoordinatorStarted(this ILogger logger, string member, string backend, double ttlSeconds);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Coordination backend unreachable: {Backend} ({Reason}); member {Member} holds no leadership and retries with back-off up to {MaxRetrySeconds} s")]
    public static partial void BackendUnreachable(this ILogger logger, string backend, string reason, string member, double maxRetrySeconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Coordination backend reachable again: {Backend} after {DownSeconds:F1} s (member {Member})")]
    public static partial void BackendRecovered(this ILogger logger, string backend, double downSeconds, string member);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Coordination backend still unreachable: {Reason}")]
    public static partial void BackendStillUnreachable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Leadership acquired: {Election} token {Token} (member {Member})")]
    public static partial void LeadershipAcquired(this ILogger logger, string election, long token, string member);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Leadership lost: {Election} token {Token} ({Reason})")]
    public static partial void LeadershipLost(this ILogger logger, string election, long token, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Group {Group} rebalanced: {MemberCount} members, this member owns {Share} of the ring")]
    public static partial void GroupRebalanced(this ILogger logger, string group, int memberCount, string share);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug, Message = "Periodic task {Task} skipped: not the leader of {Election}")]
    public static partial void PeriodicTaskNotLeader(this ILogger logger, string task, string election);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Error, Message = "Error during {Task}, run at once on a new leadership term")]
    public static partial void OwedRunFailed(this ILogger logger, Exception exception, string task);
}
