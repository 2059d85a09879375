using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Metrics;

namespace Oslo.Service.Supervision;

/// <summary>
/// What a SIGHUP does to a pool's workers. 'reload': replace them rolling and readiness-gated, per
/// <see cref="RollingPlan"/> batch — start replacements with the same worker ids, wait until they are ready, then
/// gracefully stop the old ones; a replacement that fails to become ready stops the reload and the old workers keep
/// serving. 'mutate': SIGHUP every worker, which mutates its configuration and resets in place, and wait for each
/// to acknowledge.
/// </summary>
internal sealed class RollingReload(WorkerPool pool, Func<SupervisionSettings> settings, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan s_mutateAckTimeout = TimeSpan.FromSeconds(30);

    // One rolling replacement at a time per pool: a reload waits for a recycle in flight, a recycle is refused while
    // a reload or another recycle rolls (two of them would replace the same slot twice, or run more surge than
    // reload_surge allows).
    private readonly SemaphoreSlim _rolling = new(1, 1);

    /// <summary>Replaces every current worker, batch by batch.</summary>
    /// <returns>True when every worker was replaced.</returns>
    internal async Task<bool> ReplaceAllAsync(CancellationToken cancellationToken)
    {
        await _rolling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SupervisionSettings current = settings();
            int[] ids = pool.BeginReload();
            int surge = RollingPlan.Surge(current.ReloadSurge, ids.Length);
            logger.RollingReloadStarted(ids.Length, pool.ToString(), surge);
            return await ReplaceAsync(ids, surge, current, recycle: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _rolling.Release();
        }
    }

    /// <summary>
    /// Replaces worker <paramref name="id"/> alone, readiness-gated like a reload (see <see cref="WorkerPool.RecycleAsync"/>).
    /// </summary>
    /// <returns>The replacement's pid.</returns>
    internal async Task<int> RecycleAsync(int id, string reason, CancellationToken cancellationToken)
    {
        if (!await _rolling.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("a reload or another recycle is rolling; try again when it has finished");
        }

        try
        {
            WorkerProcess old = pool.CurrentWorkers().FirstOrDefault(worker => worker.WorkerId == id)
                ?? throw new InvalidOperationException($"worker {id} does not exist or is not running");
            logger.WorkerRecycling(id, old.Pid, reason);
            _ = pool.BeginReload();
            if (!await ReplaceAsync([id], 1, settings(), recycle: true, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"the replacement of worker {id} did not become ready; worker {id} (pid {old.Pid}) keeps serving");
            }

            return pool.WorkerPids.TryGetValue(id, out int pid) ? pid : 0;
        }
        finally
        {
            _rolling.Release();
        }
    }

    private async Task<bool> ReplaceAsync(int[] ids, int surge, SupervisionSettings current, bool recycle, CancellationToken cancellationToken)
    {
        foreach (IReadOnlyList<int> batch in RollingPlan.Batches(ids, surge))
        {
            var replacements = new List<WorkerProcess>(batch.Count);
            try
            {
                foreach (int id in batch)
                {
                    WorkerProcess? replacement = await pool.SpawnReplacementAsync(id).ConfigureAwait(false);
                    if (replacement is null)
                    {
                        return false;
                    }

                    replacements.Add(replacement);
                }

                await Task.WhenAll(replacements.Select(worker => worker.Ready))
                    .WaitAsync(current.WorkerReadyTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                logger.RollingReloadAborted(pool.ToString(), batch[0], exception);
                pool.AbandonReplacements(batch, replacements);
                foreach (WorkerProcess replacement in replacements)
                {
                    replacement.Signal(SignalNumbers.SigKill);
                }

                return false;
            }

            foreach ((WorkerProcess old, WorkerProcess replacement) in pool.SwapIn(replacements))
            {
                logger.WorkerReplaced(old.WorkerId ?? WorkerIdentity.SpareWorkerId, replacement.Pid, old.Pid);
                if (recycle && old != replacement)
                {
                    old.EndReason = RestartReasons.Recycle;
                    ServiceMetrics.RecordRestart(RestartReasons.Recycle);
                }

                old.Signal(SignalNumbers.SigTerm);
            }
        }

        return true;
    }

    /// <summary>
    /// 'mutate': SIGHUP to every ready worker; completes when each acknowledged, exited or timed out. A worker still
    /// starting gets its SIGHUP once ready (see <see cref="WorkerPool.BeginMutate"/>).
    /// </summary>
    internal async Task MutateAllAsync(CancellationToken cancellationToken)
    {
        List<WorkerProcess> workers = pool.BeginMutate();
        var acks = workers.Select(worker => (Worker: worker, Ack: worker.NextRestartAsync())).ToList();
        foreach (WorkerProcess worker in workers)
        {
            worker.Signal(SignalNumbers.SigHup);
        }

        foreach ((WorkerProcess worker, Task ack) in acks)
        {
            Task done = await Task.WhenAny(ack, worker.Exited, Task.Delay(s_mutateAckTimeout, timeProvider, cancellationToken)).ConfigureAwait(false);
            if (done != ack && done != worker.Exited)
            {
                logger.MutateAckMissing(worker.Pid);
            }
        }
    }
}
