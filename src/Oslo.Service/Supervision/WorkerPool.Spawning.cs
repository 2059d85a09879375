using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Metrics;

namespace Oslo.Service.Supervision;

// Starting processes into slots and spares, and what an exit means: a respawn paced by the RestartTracker, a new
// spare, or nothing (retiring, replaced, scaled away, stopping).
internal sealed partial class WorkerPool
{
    // Called with _lock held.
    private void ScheduleSpawn(int id, TimeSpan delay, bool backoff = false)
    {
        if (_slots.TryMarkPending(id))
        {
            if (backoff)
            {
                ServiceMetrics.WorkerBackoff.Add(1);
            }

            _ = SpawnSlotAsync(id, delay, backoff);
        }
    }

    // Called with _lock held.
    private void ScheduleSpare(TimeSpan delay)
    {
        if (_stopping || !_spares.NeedsAnother(_settings().SpareWorkers))
        {
            return;
        }

        _spares.OnStarting();
        _ = SpawnSpareAsync(delay);
    }

    private async Task SpawnSlotAsync(int id, TimeSpan delay, bool backoff)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
        }

        if (backoff)
        {
            ServiceMetrics.WorkerBackoff.Add(-1);
        }

        WorkerProcess? promoted;
        lock (_lock)
        {
            if (_stopping || !_slots.IsVacant(id))
            {
                _slots.ClearPending(id);
                CheckAllExited();
                return;
            }

            promoted = _spares.TakeReady();
            if (promoted is not null)
            {
                _slots.ClearPending(id);
                FillSlot(id, promoted);
                promoted.Promote(id);
                _tracker.OnSpawned(_slots.Target);
            }
        }

        if (promoted is not null)
        {
            _logger.SparePromoted(promoted.Pid, id);
            ServiceMetrics.SparePromotions.Add(1);
            _watchdog.WatchBoot(promoted, promoted.Ready);
            // The next spare starts once the promoted one is ready (or gone): a .NET process starting alongside
            // would take the CPU the promoted worker needs right now.
            _ = promoted.Ready.ContinueWith(
                static (_, self) => ((WorkerPool)self!).OnPromotedSettled(),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        _ = await SpawnAsync(id, incoming: false).ConfigureAwait(false);
    }

    private void OnPromotedSettled()
    {
        lock (_lock)
        {
            ScheduleSpare(TimeSpan.Zero);
        }
    }

    private async Task SpawnSpareAsync(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
        }

        _ = await SpawnAsync(null, incoming: false).ConfigureAwait(false);
    }

    /// <summary>Starts a process for slot <paramref name="id"/>, as the replacement of a reload, or as a spare (null).</summary>
    private async Task<WorkerProcess?> SpawnAsync(int? id, bool incoming)
    {
        IWorkerHandle handle;
        int generation;
        lock (_lock)
        {
            _spawning++;
            generation = _mutateGeneration;
        }

        try
        {
            // Spares are resident processes too: the memory budget is shared by workers and spares.
            SupervisionSettings settings = _settings();
            int workers = Target;
            handle = await _spawner.SpawnAsync(new WorkerSpawnRequest(
                ServiceIndex, id, settings.HeartbeatInterval, _environment, workers, MemoryShares: workers + settings.SpareWorkers, BoardFd: _board?.Fd ?? -1)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.WorkerSpawnFailed(id ?? WorkerIdentity.SpareWorkerId, ToString(), exception);
            lock (_lock)
            {
                _spawning--;
                if (id is not { } slot)
                {
                    _spares.OnStarted(null);
                }
                else
                {
                    _slots.ClearPending(slot);
                    if (!incoming && !_stopping)
                    {
                        ScheduleSpawn(slot, RestartPolicy.ForkTooFastSleep);
                    }
                }

                CheckAllExited();
            }

            return null;
        }

        var worker = new WorkerProcess(handle, id, _timeProvider) { MutateGeneration = generation };
        bool stopNow;
        lock (_lock)
        {
            _spawning--;
            _slots.AddLive(worker);
            if (id is not { } slot)
            {
                _spares.OnStarted(worker);
            }
            else
            {
                _tracker.OnSpawned(_slots.Target);
                _slots.ClearPending(slot);
                if (incoming)
                {
                    _slots.AddIncoming(slot, worker);
                }
                else if (!_stopping)
                {
                    FillSlot(slot, worker);
                }
            }

            stopNow = _stopping;
            worker.Retiring = stopNow;
        }

        _logger.WorkerSpawned(worker.Pid, ToString(), id ?? WorkerIdentity.SpareWorkerId);
        worker.StartReading(OnReady, OnReport, OnChannelClosed);
        _watchdog.WatchBoot(worker, worker.IsSpare ? worker.SpareReady : worker.Ready);
        _ = worker.Exited.ContinueWith(
            task => OnExited(worker, task.Result),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        if (stopNow)
        {
            worker.Signal(SignalNumbers.SigTerm);
        }

        return worker;
    }

    private void OnReady(WorkerProcess worker)
    {
        bool missedMutate;
        lock (_lock)
        {
            _tracker.OnReady();
            if (_slots.AllReady)
            {
                _allReady.TrySetResult();
            }

            // A mutate came while it was starting (or it was spawned from a config read before the mutate).
            missedMutate = worker.MutateGeneration < _mutateGeneration && !worker.Retiring;
            worker.MutateGeneration = _mutateGeneration;
        }

        if (missedMutate)
        {
            worker.Signal(SignalNumbers.SigHup);
        }
    }

    private void OnReport(WorkerProcess worker, byte[] payload)
    {
        // A spare reports nothing worth keeping until it has a worker id.
        if (Family is { } family && worker.WorkerId is { } id)
        {
            family.Report(worker, WorkerLabel(id), MetricsSnapshot.Parse(payload));
        }
    }

    private void OnChannelClosed(WorkerProcess worker) => Family?.Retire(worker);

    private void OnExited(WorkerProcess worker, ChildExit exit)
    {
        if (exit.Signal is { } signal)
        {
            _logger.WorkerKilled(worker.Pid, signal);
        }
        else
        {
            _logger.WorkerExited(worker.Pid, exit.ExitCode ?? -1);
        }

        // A worker that died while accepting left its slot on the board claimed.
        _board?.ReleaseAll(worker.Pid);
        lock (_lock)
        {
            bool wasSpare = _spares.Remove(worker);
            bool wasSlot = _slots.OnExited(worker);
            if (_stopping)
            {
                CheckAllExited();
                return;
            }

            if (wasSpare)
            {
                ScheduleSpare(RestartPolicy.ForkTooFastSleep);
                return;
            }

            // A retiring worker was replaced or scaled away; a worker whose replacement is starting gets its slot
            // back from the reload (or from its abort).
            if (!wasSlot || worker.Retiring || worker.WorkerId is not { } id || _slots.HasIncoming(id) || id >= _slots.Target)
            {
                return;
            }

            RestartDecision decision = _tracker.OnDied(!worker.IsReady, _slots.Target, _settings());
            LogDecision(decision, id);
            ServiceMetrics.RecordRestart(worker.EndReason
                ?? (!worker.IsReady ? RestartReasons.BootFailure : exit.Killed ? RestartReasons.Signal : RestartReasons.ExitCode));
            ScheduleSpawn(id, decision.Delay, decision.Reason is RestartReason.IntensityExceeded or RestartReason.BootFailure && decision.Delay > TimeSpan.Zero);
        }
    }

    private void LogDecision(RestartDecision decision, int workerId)
    {
        SupervisionSettings settings = _settings();
        switch (decision.Reason)
        {
            case RestartReason.ForkingTooFast:
                _logger.ForkingTooFast();
                break;
            case RestartReason.IntensityExceeded:
                _logger.RestartIntensityExceeded(ToString(), _tracker.RestartsInPeriod, settings.RestartPeriod.TotalSeconds,
                    settings.RestartIntensity, (long)decision.Delay.TotalMilliseconds, workerId);
                break;
            case RestartReason.BootFailure:
                _logger.WorkerBootFailed(ToString(), _tracker.ConsecutiveBootFailures, (long)decision.Delay.TotalMilliseconds, workerId);
                break;
            default:
                break;
        }
    }
}
