namespace Oslo.Service.Coordination.Leadership;

/// <summary>The lease arithmetic, pure.</summary>
internal static class LeaseTiming
{
    /// <summary>
    /// The share of the TTL a member trusts its lease after sending the renewal that granted it. Timed from the send,
    /// not the reply, because the store starts the TTL later than that; the 10% left covers clock-rate drift between
    /// the member and the store and the time a task needs to notice.
    /// </summary>
    public const double SafeShare = 0.9;

    /// <summary>How often a leader renews, and a member heartbeats: a third of the TTL, so two may fail in a row.</summary>
    public static TimeSpan RenewInterval(TimeSpan ttl) => ttl / 3;

    /// <summary>How often a follower tries to take the lease: a sixth of the TTL, at least 100 ms, so a takeover lands soon after expiry.</summary>
    public static TimeSpan PollInterval(TimeSpan ttl) => TimeSpan.FromTicks(Math.Max((ttl / 6).Ticks, TimeSpan.FromMilliseconds(100).Ticks));

    /// <summary>The longest a single call to the store may take before it counts as failed.</summary>
    public static TimeSpan CallTimeout(TimeSpan ttl) => TimeSpan.FromTicks(Math.Max((ttl / 3).Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>The longest the first call to the store may take: the TTL, at least 10 s.</summary>
    public static TimeSpan ConnectTimeout(TimeSpan ttl) => ttl > TimeSpan.FromSeconds(10) ? ttl : TimeSpan.FromSeconds(10);

    /// <summary>The timestamp until which a lease granted by a renewal sent at <paramref name="sentAt"/> is trusted.</summary>
    public static long ValidUntil(long sentAt, TimeSpan ttl, long timestampFrequency) =>
        sentAt + (long)(ttl.TotalSeconds * SafeShare * timestampFrequency);
}
