namespace Oslo.Service.Metrics;

/// <summary>
/// The parent's view of its workers' measurements: the last snapshot each live worker process sent, and per worker
/// id what its dead processes counted. Rendered per <c>worker_id</c> (a slot's counters never go backwards: a dead
/// process's last values are kept) and as family totals (<c>worker_id="all"</c>), which never go backwards either.
/// </summary>
/// <remarks>
/// A process is folded into its slot when its control channel reaches end-of-file, not when it is reaped: its
/// last snapshot (sent as it stops) may still be in the socket when the exit is seen.
/// </remarks>
internal sealed class FamilyMetrics
{
    /// <summary>The <c>worker_id</c> of the family totals.</summary>
    internal const string AllWorkers = "all";

    private readonly Lock _lock = new();
    private readonly Dictionary<object, (string WorkerId, MetricsSnapshot Snapshot)> _live = [];
    private readonly Dictionary<string, Dictionary<string, MetricPoint>> _retired = [];

    /// <summary>A process reported: its snapshot replaces its previous one.</summary>
    /// <param name="process">The process (any object identifying it).</param>
    /// <param name="workerId">Its worker id label.</param>
    /// <param name="snapshot">Its series, cumulative since it started.</param>
    internal void Report(object process, string workerId, MetricsSnapshot snapshot)
    {
        lock (_lock)
        {
            _live[process] = (workerId, snapshot);
        }
    }

    /// <summary>The last snapshot <paramref name="process"/> sent, if any.</summary>
    internal MetricsSnapshot? Latest(object process)
    {
        lock (_lock)
        {
            return _live.TryGetValue(process, out var entry) ? entry.Snapshot : null;
        }
    }

    /// <summary>A process is gone: its counters and histograms stay in its slot's totals, its gauges go.</summary>
    internal void Retire(object process)
    {
        lock (_lock)
        {
            if (!_live.Remove(process, out var entry))
            {
                return;
            }

            if (!_retired.TryGetValue(entry.WorkerId, out Dictionary<string, MetricPoint>? slot))
            {
                _retired[entry.WorkerId] = slot = [];
            }

            foreach (MetricPoint point in entry.Snapshot.Points.Where(p => p.Kind != MetricKind.Gauge))
            {
                slot[point.Key] = slot.TryGetValue(point.Key, out MetricPoint? kept) ? kept.Plus(point) : point;
            }
        }
    }

    /// <summary>Every series by worker id (dead processes' counters included), then the family totals.</summary>
    internal IReadOnlyList<(string WorkerId, IReadOnlyList<MetricPoint> Points)> Render()
    {
        var bySlot = new SortedDictionary<string, Dictionary<string, MetricPoint>>(Comparer<string>.Create(CompareIds));
        lock (_lock)
        {
            foreach ((string workerId, Dictionary<string, MetricPoint> retired) in _retired)
            {
                Add(bySlot, workerId, retired.Values);
            }

            foreach ((string workerId, MetricsSnapshot snapshot) in _live.Values)
            {
                Add(bySlot, workerId, snapshot.Points);
            }
        }

        var all = new Dictionary<string, MetricPoint>();
        foreach (Dictionary<string, MetricPoint> slot in bySlot.Values)
        {
            Merge(all, slot.Values);
        }

        var result = bySlot.Select(pair => (pair.Key, (IReadOnlyList<MetricPoint>)[.. pair.Value.Values])).ToList();
        result.Add((AllWorkers, [.. all.Values]));
        return result;
    }

    private static void Add(SortedDictionary<string, Dictionary<string, MetricPoint>> bySlot, string workerId, IEnumerable<MetricPoint> points)
    {
        if (!bySlot.TryGetValue(workerId, out Dictionary<string, MetricPoint>? slot))
        {
            bySlot[workerId] = slot = [];
        }

        Merge(slot, points);
    }

    private static void Merge(Dictionary<string, MetricPoint> into, IEnumerable<MetricPoint> points)
    {
        foreach (MetricPoint point in points)
        {
            into[point.Key] = into.TryGetValue(point.Key, out MetricPoint? kept) ? kept.Plus(point) : point;
        }
    }

    private static int CompareIds(string a, string b) =>
        int.TryParse(a, out int x) && int.TryParse(b, out int y) ? x.CompareTo(y) : string.CompareOrdinal(a, b);
}
