namespace Oslo.Service.Supervision;

/// <summary>
/// Which process holds which worker id: the current worker of each slot, the replacement a rolling reload is
/// starting for it, the ids waiting to be (re)started, and every live process of the pool. Not thread-safe: the
/// <see cref="WorkerPool"/> reads and changes it under its lock only.
/// </summary>
internal sealed class SlotTable(int target)
{
    private readonly Dictionary<int, WorkerProcess> _slots = [];
    private readonly Dictionary<int, WorkerProcess> _incoming = [];
    private readonly HashSet<int> _pending = [];
    private readonly HashSet<WorkerProcess> _live = [];

    /// <summary>How many worker ids the pool keeps (0..Target-1), changed by SIGTTIN / SIGTTOU.</summary>
    internal int Target { get; private set; } = target;

    /// <summary>Every process of the pool that has not exited yet (workers, replacements, spares, retiring ones).</summary>
    internal IReadOnlyCollection<WorkerProcess> Live => _live;

    /// <summary>The current worker of each slot.</summary>
    internal IReadOnlyCollection<WorkerProcess> Current => _slots.Values;

    /// <summary>The slot ids that have a current worker, in order.</summary>
    internal int[] OccupiedIds => [.. _slots.Keys.Order()];

    /// <summary>The pids of the current workers by worker id.</summary>
    internal Dictionary<int, int> Pids => _slots.ToDictionary(pair => pair.Key, pair => pair.Value.Pid);

    /// <summary>True once every slot has a worker that reported ready.</summary>
    internal bool AllReady => _slots.Count >= Target && _slots.Values.All(slot => slot.IsReady);

    /// <summary>Marks <paramref name="id"/> as waiting to be started; false when it already is.</summary>
    internal bool TryMarkPending(int id) => _pending.Add(id);

    /// <summary>The start of <paramref name="id"/> is over (started, given up or no longer needed).</summary>
    internal void ClearPending(int id) => _pending.Remove(id);

    /// <summary>True when <paramref name="id"/> is a slot of the pool that has neither a worker nor a replacement starting.</summary>
    internal bool IsVacant(int id) => id < Target && !_slots.ContainsKey(id) && !_incoming.ContainsKey(id);

    /// <summary>True when a rolling reload is starting a replacement for <paramref name="id"/>.</summary>
    internal bool HasIncoming(int id) => _incoming.ContainsKey(id);

    /// <summary>A process started: it is live until it exits.</summary>
    internal void AddLive(WorkerProcess worker) => _live.Add(worker);

    /// <summary>Makes <paramref name="worker"/> the current worker of its slot.</summary>
    internal void Fill(int id, WorkerProcess worker) => _slots[id] = worker;

    /// <summary>Records the replacement a rolling reload started for <paramref name="id"/>.</summary>
    internal void AddIncoming(int id, WorkerProcess worker) => _incoming[id] = worker;

    /// <summary>Forgets the replacement of <paramref name="id"/> (promoted to the slot, or abandoned).</summary>
    internal void RemoveIncoming(int id) => _incoming.Remove(id);

    /// <summary>Takes the current worker out of slot <paramref name="id"/>.</summary>
    internal bool TryVacate(int id, out WorkerProcess? worker) => _slots.Remove(id, out worker);

    /// <summary>
    /// A process exited: forgets it. True when it was the current worker of its slot (the slot is now vacant).
    /// </summary>
    internal bool OnExited(WorkerProcess worker)
    {
        _live.Remove(worker);
        if (worker.WorkerId is { } id && _slots.TryGetValue(id, out WorkerProcess? current) && current == worker)
        {
            _slots.Remove(id);
            return true;
        }

        return false;
    }

    /// <summary>SIGTTIN: one slot more; returns its id.</summary>
    internal int Grow() => Target++;

    /// <summary>SIGTTOU: one slot less (the highest id); returns its current worker, if any. Never below 1.</summary>
    internal bool TryShrink(out WorkerProcess? victim)
    {
        victim = null;
        if (Target <= 1)
        {
            return false;
        }

        Target--;
        _ = _slots.Remove(Target, out victim);
        return true;
    }
}
