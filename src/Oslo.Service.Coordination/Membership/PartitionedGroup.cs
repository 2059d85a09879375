using Oslo.Service.Coordination.Leadership;

namespace Oslo.Service.Coordination.Membership;

/// <summary>
/// Membership of one group plus a <see cref="HashRing"/> over its live members (tooz's
/// <c>join_partitioned_group</c>): each member heartbeats into the store, reads the live members every sixth of the
/// TTL, and owns the items the ring gives it. A member that joins, leaves or stops heartbeating (dies) changes the
/// ring on every member's next read; a member that cannot reach the store owns nothing once its own heartbeat has
/// expired, since the others will have given its items away. Created by <see cref="Coordinator.JoinPartitionedGroupAsync"/>.
/// </summary>
public sealed class PartitionedGroup : IAsyncDisposable
{
    private static readonly HashRing s_empty = new([]);
    private readonly CoordinatorContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashRing _ring = s_empty;
    private long _validUntil = long.MinValue;
    private Task _loop = Task.CompletedTask;

    internal PartitionedGroup(string group, CoordinatorContext context)
    {
        Group = group;
        _context = context;
    }

    /// <summary>Raised on the group's loop after the members changed, with the new ring.</summary>
    public event EventHandler<HashRing>? Rebalanced;

    /// <summary>The group's name in the store.</summary>
    public string Group { get; }

    /// <summary>The ring of the live members as last read; empty while this member's own heartbeat is not trusted.</summary>
    public HashRing Ring => _context.TimeProvider.GetTimestamp() < Volatile.Read(ref _validUntil) ? Volatile.Read(ref _ring) : s_empty;

    /// <summary>Whether <paramref name="item"/> is this member's to handle now.</summary>
    /// <param name="item">The item's key.</param>
    /// <returns>True when the ring gives the item to this member.</returns>
    public bool IsMine(string item) => Ring.Owner(item) == _context.Member;

    /// <summary>Leaves the group so that the others take its items at their next read, without waiting for the TTL.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        Volatile.Write(ref _validUntil, long.MinValue);
        await _context.CallAsync(async ct =>
        {
            await _context.Backend.LeaveAsync(Group, _context.Member, ct).ConfigureAwait(false);
            return true;
        }, CancellationToken.None).ConfigureAwait(false);
    }

    internal Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return _joined.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        int failures = 0;
        IReadOnlyList<string> last = [];
        TimeProvider clock = _context.TimeProvider;
        while (!stopping.IsCancellationRequested)
        {
            long sentAt = clock.GetTimestamp();
            (bool ok, IReadOnlyList<string> members) = await _context.CallAsync(async ct =>
            {
                await _context.Backend.HeartbeatAsync(Group, _context.Member, _context.Ttl, ct).ConfigureAwait(false);
                return await _context.Backend.MembersAsync(Group, ct).ConfigureAwait(false);
            }, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            TimeSpan wait;
            if (ok)
            {
                failures = 0;
                if (!members.SequenceEqual(last, StringComparer.Ordinal))
                {
                    last = members;
                    var ring = new HashRing(members);
                    Volatile.Write(ref _ring, ring);
                    Volatile.Write(ref _validUntil, LeaseTiming.ValidUntil(sentAt, _context.Ttl, clock.TimestampFrequency));
                    int points = ring.Members.Count == 0 ? 0 : 100 / ring.Members.Count;
                    _context.Logger.GroupRebalanced(Group, members.Count, $"~{points}%");
                    Rebalanced?.Invoke(this, ring);
                }
                else
                {
                    Volatile.Write(ref _validUntil, LeaseTiming.ValidUntil(sentAt, _context.Ttl, clock.TimestampFrequency));
                }

                _joined.TrySetResult();
                wait = LeaseTiming.PollInterval(_context.Ttl);
            }
            else
            {
                failures++;
                wait = Min(_context.RetryAfter(failures), LeaseTiming.PollInterval(_context.Ttl) * 2);
            }

            try
            {
                await Task.Delay(wait, clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
