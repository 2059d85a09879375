namespace Oslo.Service.Coordination.Backends;

/// <summary>
/// What a store does for coordination. Every operation is one round trip decided by the store alone (its clock, its
/// atomicity), so that two members never need to agree on time. Any failure throws; the caller retries.
/// </summary>
internal interface ICoordinationBackend : IAsyncDisposable
{
    /// <summary>The store, for logs.</summary>
    string Description { get; }

    /// <summary>
    /// Takes or renews the lease of <paramref name="election"/> for <paramref name="member"/>: returns the fencing token
    /// of the member's current term, or null when another member holds an unexpired lease. A member whose own lease
    /// had expired gets a new term (a greater token), even when nobody took the lease in between.
    /// </summary>
    Task<long?> AcquireOrRenewAsync(string election, string member, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a lease also ends when its holder's session with the store does (PostgreSQL): a crashed leader is
    /// replaced at once, so a leader confirms its lease with one round trip right before each run.
    /// </summary>
    bool LeaseFollowsSession { get; }

    /// <summary>
    /// Returns when the lease of <paramref name="election"/>, held by another member at the last
    /// <see cref="AcquireOrRenewAsync"/>, may have become free (its TTL ran out, it was released, or its holder's session
    /// ended), or after <paramref name="timeout"/>. A hint only: the caller tries to acquire after it either way.
    /// </summary>
    Task WaitForVacancyAsync(string election, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="member"/> holds it, keeping the token counter.</summary>
    Task ReleaseAsync(string election, string member, CancellationToken cancellationToken);

    /// <summary>Adds or refreshes <paramref name="member"/> in <paramref name="group"/> for <paramref name="ttl"/>.</summary>
    Task HeartbeatAsync(string group, string member, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="member"/> from <paramref name="group"/>.</summary>
    Task LeaveAsync(string group, string member, CancellationToken cancellationToken);

    /// <summary>The members of <paramref name="group"/> whose heartbeat has not expired, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> MembersAsync(string group, CancellationToken cancellationToken);
}
