using Oslo.Config;

namespace FooService;

/// <summary>The sample's own options, all in [DEFAULT].</summary>
internal static class FooOptions
{
    public static readonly IntOpt Workers = new("workers", @default: 1, min: 1,
        help: "How many worker processes run the service (1 runs it in this process).");

    public static readonly BoolOpt Debug = new("debug", @default: false, shortName: 'd', mutable: true,
        help: "Log at DEBUG instead of INFO; re-applied on SIGHUP.");

    public static readonly IntOpt HeartbeatInterval = new("heartbeat_interval", @default: 10, min: 1, mutable: true,
        help: "Seconds between heartbeat lines.");

    public static readonly FloatOpt LeaderInterval = new("leader_interval", @default: 1, min: 0.1,
        help: "Seconds between runs of the leader-only task (with [coordination] backend_url set).");

    public static IReadOnlyList<Opt> All { get; } = [Workers, Debug, HeartbeatInterval, LeaderInterval];
}
