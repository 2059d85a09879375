namespace Oslo.Service.Supervision;

/// <summary>
/// Warm spares (<c>spare_workers</c>): processes that loaded the program and built the service, waiting to be
/// promoted into a vacant slot. Not thread-safe: the <see cref="WorkerPool"/> uses it under its lock only.
/// </summary>
internal sealed class SparePool
{
    private readonly List<WorkerProcess> _spares = [];
    private int _starting;

    /// <summary>Spares waiting (started, promoted or not yet ready).</summary>
    internal int Count => _spares.Count;

    /// <summary>True when fewer than <paramref name="wanted"/> spares exist or are starting.</summary>
    internal bool NeedsAnother(int wanted) => _spares.Count + _starting < wanted;

    /// <summary>A spare is being started.</summary>
    internal void OnStarting() => _starting++;

    /// <summary>A spare started (<paramref name="spare"/>) or failed to (null).</summary>
    internal void OnStarted(WorkerProcess? spare)
    {
        _starting--;
        if (spare is not null)
        {
            _spares.Add(spare);
        }
    }

    /// <summary>Takes a spare that reported ready to be promoted, or null when none is.</summary>
    internal WorkerProcess? TakeReady()
    {
        WorkerProcess? spare = _spares.FirstOrDefault(s => s.SpareReady.IsCompletedSuccessfully);
        if (spare is not null)
        {
            _spares.Remove(spare);
        }

        return spare;
    }

    /// <summary>Forgets a spare that exited; false when it was not one.</summary>
    internal bool Remove(WorkerProcess worker) => _spares.Remove(worker);

    /// <summary>Takes every spare (they were built with a configuration that is no longer current).</summary>
    internal List<WorkerProcess> TakeAll()
    {
        List<WorkerProcess> all = [.. _spares];
        _spares.Clear();
        return all;
    }
}
