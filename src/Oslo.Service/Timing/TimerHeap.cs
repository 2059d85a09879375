namespace Oslo.Service.Timing;

/// <summary>
/// The deadlines of <see cref="TimerThread"/>: a min-heap of (item, due timestamp) where rescheduling or cancelling
/// an item leaves its old heap entry behind as stale, to be skipped when it reaches the top. No clock and no locking:
/// the caller passes timestamps and holds its own lock.
/// </summary>
/// <typeparam name="T">The scheduled item (compared by reference).</typeparam>
/// <remarks>
/// Lazy deletion keeps <see cref="Schedule"/> and <see cref="Cancel"/> at O(log n) without a heap that tracks
/// positions. Stale entries are dropped when they surface, and the heap is rebuilt when they outnumber the live ones
/// (a long sleep interrupted again and again would otherwise keep one dead entry per interruption until it was due).
/// </remarks>
internal sealed class TimerHeap<T>
    where T : class
{
    private const int CompactionFloor = 64;

    private readonly PriorityQueue<(T Item, long Ticket), long> _queue = new();
    private readonly Dictionary<T, long> _tickets = new(ReferenceEqualityComparer.Instance);
    private long _nextTicket;

    /// <summary>How many items are scheduled.</summary>
    public int Count => _tickets.Count;

    /// <summary>How many entries the heap holds, stale ones included (for tests of the compaction).</summary>
    internal int EntryCount => _queue.Count;

    /// <summary>Schedules <paramref name="item"/> at <paramref name="due"/>, replacing its previous deadline if any.</summary>
    /// <param name="item">The item.</param>
    /// <param name="due">Its deadline, as a timestamp.</param>
    public void Schedule(T item, long due)
    {
        long ticket = ++_nextTicket;
        _tickets[item] = ticket;
        _queue.Enqueue((item, ticket), due);
        CompactIfMostlyStale();
    }

    /// <summary>Unschedules <paramref name="item"/>.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Whether it was scheduled.</returns>
    public bool Cancel(T item)
    {
        bool removed = _tickets.Remove(item);
        CompactIfMostlyStale();
        return removed;
    }

    /// <summary>The earliest deadline, if any item is scheduled.</summary>
    /// <param name="due">The earliest deadline.</param>
    /// <returns>Whether an item is scheduled.</returns>
    public bool TryPeekDue(out long due)
    {
        while (_queue.TryPeek(out (T Item, long Ticket) entry, out due))
        {
            if (IsLive(entry))
            {
                return true;
            }

            _queue.Dequeue();
        }

        due = 0;
        return false;
    }

    /// <summary>
    /// Removes every item due at or before <paramref name="now"/> and adds it, with its deadline, to
    /// <paramref name="due"/>, earliest first.
    /// </summary>
    /// <param name="now">The current timestamp.</param>
    /// <param name="due">Receives the due items.</param>
    public void TakeDue(long now, List<(T Item, long Due)> due)
    {
        while (_queue.TryPeek(out (T Item, long Ticket) entry, out long deadline) && deadline <= now)
        {
            _queue.Dequeue();
            if (IsLive(entry))
            {
                _tickets.Remove(entry.Item);
                due.Add((entry.Item, deadline));
            }
        }
    }

    private bool IsLive((T Item, long Ticket) entry) =>
        _tickets.TryGetValue(entry.Item, out long ticket) && ticket == entry.Ticket;

    private void CompactIfMostlyStale()
    {
        if (_queue.Count <= CompactionFloor || _queue.Count <= 2 * _tickets.Count)
        {
            return;
        }

        List<((T Item, long Ticket) Entry, long Due)> live = new(_tickets.Count);
        foreach (((T Item, long Ticket) entry, long due) in _queue.UnorderedItems)
        {
            if (IsLive(entry))
            {
                live.Add((entry, due));
            }
        }

        _queue.Clear();
        _queue.EnqueueRange(live);
    }
}
