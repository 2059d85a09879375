using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;

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

    /// <summary>Replaces every current worker, batch by batch.</summary>
    /// <returns>True when every worker was replaced.</returns>
    internal async Task<bool> ReplaceAllAsync(CancellationToken cancellationToken)
    {
        SupervisionSettings current = settings();
        int[] ids = pool.BeginReload();
        int surge = RollingPlan.Surge(current.ReloadSurge, ids.Length);
        logger.RollingReloadStarted(ids.Length, pool.ToString(), surge);
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
