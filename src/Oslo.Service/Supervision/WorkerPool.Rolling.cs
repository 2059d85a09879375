using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

// What the rolling paths need from the pool: SIGHUP reload and mutate, the one-worker recycle, and the slot moves
// they make under the pool's lock (begin, swap in, abandon). The sequencing itself is RollingReload's.
internal sealed partial class WorkerPool
{
    /// <summary>'reload': the rolling, readiness-gated replacement of every worker (see <see cref="RollingReload"/>).</summary>
    /// <returns>True when every worker was replaced.</returns>
    internal Task<bool> RollingReloadAsync(CancellationToken cancellationToken) => _reload.ReplaceAllAsync(cancellationToken);

    /// <summary>'mutate': SIGHUP to every worker, which mutates its configuration and resets in place.</summary>
    internal Task MutateAsync(CancellationToken cancellationToken) => _reload.MutateAllAsync(cancellationToken);

    /// <summary>
    /// After a SIGHUP: the spares were built with the old configuration, so they are stopped (SIGTERM; a spare exits
    /// 0 at once) and new ones started.
    /// </summary>
    internal void ReplaceSpares()
    {
        List<WorkerProcess> old;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            old = _spares.TakeAll();
            foreach (WorkerProcess spare in old)
            {
                spare.Retiring = true;
            }

            for (int i = 0; i < _settings().SpareWorkers; i++)
            {
                ScheduleSpare(TimeSpan.Zero);
            }
        }

        foreach (WorkerProcess spare in old)
        {
            spare.Signal(SignalNumbers.SigTerm);
        }
    }

    /// <summary>
    /// A mutate begins: returns the current workers that can take a SIGHUP now (ready ones). A worker still starting
    /// is left alone — before its launcher handles SIGHUP, the signal's default action would kill it — and gets its
    /// SIGHUP when it reports ready, so it ends up with the new values too.
    /// </summary>
    internal List<WorkerProcess> BeginMutate()
    {
        lock (_lock)
        {
            _mutateGeneration++;
            var ready = new List<WorkerProcess>();
            foreach (WorkerProcess worker in _slots.Current)
            {
                if (worker.IsReady)
                {
                    worker.MutateGeneration = _mutateGeneration;
                    ready.Add(worker);
                }
            }

            return ready;
        }
    }

    /// <summary>A rolling reload begins: the ids to replace, in order; the fork window is forgotten (restarts on purpose).</summary>
    internal int[] BeginReload()
    {
        lock (_lock)
        {
            _tracker.ResetForkWindow();
            return _slots.OccupiedIds;
        }
    }

    /// <summary>Starts the replacement of worker <paramref name="id"/> for a rolling reload; null when it could not start.</summary>
    internal Task<WorkerProcess?> SpawnReplacementAsync(int id) => SpawnAsync(id, incoming: true);

    /// <summary>
    /// A batch of replacements is ready: each takes its slot; returns each old worker (told to retire) with its
    /// replacement, and a replacement whose slot went away meanwhile (stop, scale-down) paired with itself.
    /// </summary>
    internal List<(WorkerProcess Old, WorkerProcess New)> SwapIn(IReadOnlyList<WorkerProcess> replacements)
    {
        var retired = new List<(WorkerProcess Old, WorkerProcess New)>();
        lock (_lock)
        {
            foreach (WorkerProcess replacement in replacements)
            {
                int id = replacement.WorkerId!.Value;
                _slots.RemoveIncoming(id);
                if (_slots.TryVacate(id, out WorkerProcess? old))
                {
                    old!.Retiring = true;
                    retired.Add((old, replacement));
                }

                if (_stopping || id >= _slots.Target)
                {
                    replacement.Retiring = true;
                    retired.Add((replacement, replacement));
                }
                else
                {
                    FillSlot(id, replacement);
                }
            }
        }

        return retired;
    }

    /// <summary>
    /// A rolling reload gave up on <paramref name="batch"/>: its replacements retire (the caller kills them) and a
    /// slot left without any worker is started again.
    /// </summary>
    internal void AbandonReplacements(IReadOnlyList<int> batch, IReadOnlyList<WorkerProcess> replacements)
    {
        lock (_lock)
        {
            foreach (WorkerProcess replacement in replacements)
            {
                _slots.RemoveIncoming(replacement.WorkerId!.Value);
                replacement.Retiring = true;
            }

            foreach (int id in batch)
            {
                _slots.RemoveIncoming(id);
                if (!_stopping && _slots.IsVacant(id))
                {
                    ScheduleSpawn(id, TimeSpan.Zero);
                }
            }
        }
    }

    /// <summary>
    /// Replaces worker <paramref name="id"/> through the rolling path: its replacement starts and must report ready
    /// before the old process is told to stop (0 failed requests), and the old one drains. Never while a reload or
    /// another recycle of this pool is rolling.
    /// </summary>
    /// <returns>The replacement's pid.</returns>
    /// <exception cref="InvalidOperationException">No such worker, or a reload or recycle is in progress, or the
    /// replacement did not become ready (the old worker keeps serving).</exception>
    internal Task<int> RecycleAsync(int id, string reason, CancellationToken cancellationToken) =>
        _reload.RecycleAsync(id, reason, cancellationToken);
}
