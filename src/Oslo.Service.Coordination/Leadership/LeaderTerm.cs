namespace Oslo.Service.Coordination.Leadership;

/// <summary>
/// One leadership term of one member: its fencing token and how long this member may still act on it. The token is
/// greater than every earlier term's of the same election; pass it on with what the leader writes so that the
/// receiving store can refuse a write from an older term (the fencing that makes a paused leader harmless).
/// </summary>
public sealed class LeaderTerm
{
    private static readonly AsyncLocal<LeaderTerm?> s_current = new();
    private readonly TimeProvider _timeProvider;
    private long _validUntil;

    internal LeaderTerm(string election, long fencingToken, long validUntil, TimeProvider timeProvider)
    {
        Election = election;
        FencingToken = fencingToken;
        _validUntil = validUntil;
        _timeProvider = timeProvider;
    }

    /// <summary>The term a coordinated periodic task is running in; null outside one.</summary>
    public static LeaderTerm? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>The election.</summary>
    public string Election { get; }

    /// <summary>The fencing token: monotonically increasing across the election's terms.</summary>
    public long FencingToken { get; }

    /// <summary>
    /// Whether this member may still act as leader: its last renewal was sent less than the lease's safe part ago, on
    /// the monotonic clock. False as soon as a paused process resumes past its lease: checked before acting, not after.
    /// </summary>
    public bool IsValid => _timeProvider.GetTimestamp() < Volatile.Read(ref _validUntil);

    /// <summary>How long this member may still act on the term (zero when no longer).</summary>
    public TimeSpan Remaining
    {
        get
        {
            long left = Volatile.Read(ref _validUntil) - _timeProvider.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(left / (double)_timeProvider.TimestampFrequency);
        }
    }

    /// <summary>Throws unless <see cref="IsValid"/>: call it right before an action that must not happen twice.</summary>
    /// <exception cref="LeadershipLostException">The term is over.</exception>
    public void EnsureValid()
    {
        if (!IsValid)
        {
            throw new LeadershipLostException(Election, FencingToken);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Election} token {FencingToken}";

    internal void Extend(long validUntil) => Volatile.Write(ref _validUntil, validUntil);

    internal void End() => Volatile.Write(ref _validUntil, long.MinValue);
}
