using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Launching;

namespace Oslo.Service.Supervision;

/// <summary>
/// The workers of one <c>LaunchService</c> call, seen by the parent as one service: starting it starts N worker
/// processes and completes when all are ready; stopping it sends them SIGTERM; waiting on it waits for every
/// process to exit. While it runs, a worker that exits is restarted with the same worker id, paced by
/// <see cref="RestartPolicy"/>.
/// </summary>
/// <remarks>
/// This is how the ProcessLauncher reuses the single-process lifecycle: the <see cref="ServiceLauncher"/> loop runs
/// these pools exactly as it runs services in-process (same signals, deadline, reload queueing, systemd messages);
/// only the supervision below differs.
/// </remarks>
internal sealed class WorkerPool : ServiceBase
{
    private static readonly TimeSpan s_mutateAckTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, WorkerProcess> _slots = [];
    private readonly Dictionary<int, WorkerProcess> _incoming = [];
    private readonly HashSet<int> _pending = [];
    private readonly HashSet<WorkerProcess> _all = [];
    private readonly List<WorkerProcess> _spares = [];
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkerSpawner _spawner;
    private readonly Func<SupervisionSettings> _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RestartTracker _tracker;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _environment;
    private ITimer? _heartbeatTimer;
    private int _target;
    private int _spawning;
    private int _sparesSpawning;
    private bool _stopping;
    private bool _launched;

    internal WorkerPool(
        ServiceBase service,
        int serviceIndex,
        int workers,
        WorkerSpawner spawner,
        Func<SupervisionSettings> settings,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Service = service;
        ServiceIndex = serviceIndex;
        _target = workers;
        _spawner = spawner;
        _settings = settings;
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
        _tracker = new RestartTracker(timeProvider);
    }

    /// <summary>The user's service (built in the parent too, never started there).</summary>
    internal ServiceBase Service { get; }

    /// <summary>The index of the <c>LaunchService</c> call.</summary>
    internal int ServiceIndex { get; }

    /// <summary>The configured worker count (changed by SIGTTIN / SIGTTOU).</summary>
    internal int Target
    {
        get
        {
            lock (_lock)
            {
                return _target;
            }
        }
    }

    /// <summary>The pids of the current workers by worker id (spares, replacements and retiring ones excluded).</summary>
    internal IReadOnlyDictionary<int, int> WorkerPids
    {
        get
        {
            lock (_lock)
            {
                return _slots.ToDictionary(pair => pair.Key, pair => pair.Value.Pid);
            }
        }
    }

    /// <summary>Completes once every live process of this pool has exited after <see cref="StopAsync"/>.</summary>
    internal Task AllExited => _allExited.Task;

    /// <summary>Starts the worker processes (once; oslo forks them in <c>launch_service</c>) and completes when all are ready.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Launch();
        await _allReady.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _logger.WorkersReady(Target);
    }

    /// <summary>
    /// Starts the worker processes, their spares and the heartbeat check, once; the ProcessLauncher calls it from
    /// <c>LaunchService</c>, so the workers boot while the parent is still setting up its loop.
    /// </summary>
    internal void Launch()
    {
        SupervisionSettings settings = _settings();
        lock (_lock)
        {
            if (_launched || _stopping)
            {
                return;
            }

            _launched = true;
            for (int id = 0; id < _target; id++)
            {
                ScheduleSpawn(id, TimeSpan.Zero);
            }

            for (int i = 0; i < settings.SpareWorkers; i++)
            {
                ScheduleSpare(TimeSpan.Zero);
            }

            if (settings.HeartbeatTimeout > TimeSpan.Zero)
            {
                _heartbeatTimer = _timeProvider.CreateTimer(
                    static self => ((WorkerPool)self!).CheckHeartbeats(), this, settings.HeartbeatInterval, settings.HeartbeatInterval);
            }
        }
    }

    /// <summary>Stops respawning and sends every process SIGTERM (graceful) or SIGINT; returns at once.</summary>
    public override Task StopAsync(bool graceful = false, CancellationToken cancellationToken = default)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            _stopping = true;
            _heartbeatTimer?.Dispose();
            // A retiring worker (replaced by a reload, scaled down) already has its SIGTERM and is draining; a
            // second one would make it exit at once and drop the requests it is finishing.
            workers = [.. _all.Where(worker => !graceful || !worker.Retiring)];
            foreach (WorkerProcess worker in _all)
            {
                worker.Retiring = true;
            }

            CheckAllExited();
        }

        int signal = graceful ? SignalNumbers.SigTerm : SignalNumbers.SigInt;
        _logger.KillingChildren(signal, workers.Count);
        foreach (WorkerProcess worker in workers)
        {
            worker.Signal(signal);
        }

        if (workers.Count > 0)
        {
            _logger.WaitingOnChildren(workers.Count);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every process of the pool has exited (after a stop).</summary>
    public override Task WaitAsync(CancellationToken cancellationToken = default) =>
        _allExited.Task.WaitAsync(cancellationToken);

    /// <summary>oslo calls <c>service.reset()</c> in the parent on SIGHUP.</summary>
    public override Task ResetAsync(CancellationToken cancellationToken = default) => Service.ResetAsync(cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Service.ToString();

    /// <summary>Sends <paramref name="signal"/> to every live process of the pool.</summary>
    /// <returns>How many processes were signalled.</returns>
    internal int SignalAll(int signal)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            _stopping = true;
            workers = [.. _all];
            CheckAllExited();
        }

        int count = 0;
        foreach (WorkerProcess worker in workers)
        {
            count += worker.Signal(signal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>True while every ready worker's heartbeat is younger than <paramref name="threshold"/>.</summary>
    internal bool AllFresh(TimeSpan threshold)
    {
        lock (_lock)
        {
            return _slots.Values.All(worker => !worker.IsReady || worker.SinceHeartbeat < threshold);
        }
    }

    /// <summary>SIGTTIN (+1) or SIGTTOU (-1): adds a worker, or gracefully stops the highest worker id (never below 1).</summary>
    internal void Scale(int delta, string signalName)
    {
        WorkerProcess? victim = null;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            if (delta > 0)
            {
                _target++;
                _tracker.ResetForkWindow();
                ScheduleSpawn(_target - 1, TimeSpan.Zero);
            }
            else if (_target <= 1)
            {
                _logger.ScaleDownRefused(ToString());
                return;
            }
            else
            {
                _target--;
                if (_slots.Remove(_target, out victim))
                {
                    victim.Retiring = true;
                }
            }

            _logger.WorkersScaled(signalName, ToString(), _target);
        }

        victim?.Signal(SignalNumbers.SigTerm);
    }

    /// <summary>
    /// The rolling, readiness-gated reload: per <see cref="RollingPlan"/> batch, start replacements with the same
    /// worker ids, wait until they are ready, then gracefully stop the old ones. A replacement that fails to become
    /// ready stops the reload; the old workers keep running.
    /// </summary>
    /// <returns>True when every worker was replaced.</returns>
    internal async Task<bool> RollingReloadAsync(CancellationToken cancellationToken)
    {
        SupervisionSettings settings = _settings();
        int[] ids;
        lock (_lock)
        {
            ids = [.. _slots.Keys.Order()];
            _tracker.ResetForkWindow();
        }

        int surge = RollingPlan.Surge(settings.ReloadSurge, ids.Length);
        _logger.RollingReloadStarted(ids.Length, ToString(), surge);
        foreach (IReadOnlyList<int> batch in RollingPlan.Batches(ids, surge))
        {
            var replacements = new List<WorkerProcess>(batch.Count);
            try
            {
                foreach (int id in batch)
                {
                    WorkerProcess? replacement = await SpawnAsync(id, incoming: true).ConfigureAwait(false);
                    if (replacement is null)
                    {
                        return false;
                    }

                    replacements.Add(replacement);
                }

                await Task.WhenAll(replacements.Select(worker => worker.Ready))
                    .WaitAsync(settings.WorkerReadyTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                _logger.RollingReloadAborted(ToString(), batch[0], exception);
                AbandonReplacements(batch, replacements);
                return false;
            }

            var retired = new List<(WorkerProcess Old, WorkerProcess New)>();
            lock (_lock)
            {
                foreach (WorkerProcess replacement in replacements)
                {
                    _incoming.Remove(replacement.WorkerId);
                    if (_slots.Remove(replacement.WorkerId, out WorkerProcess? old))
                    {
                        old.Retiring = true;
                        retired.Add((old, replacement));
                    }

                    if (_stopping || replacement.WorkerId >= _target)
                    {
                        replacement.Retiring = true;
                        retired.Add((replacement, replacement));
                    }
                    else
                    {
                        _slots[replacement.WorkerId] = replacement;
                    }
                }
            }

            foreach ((WorkerProcess old, WorkerProcess replacement) in retired)
            {
                _logger.WorkerReplaced(old.WorkerId, replacement.Pid, old.Pid);
                old.Signal(SignalNumbers.SigTerm);
            }
        }

        return true;
    }

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

            old = [.. _spares];
            _spares.Clear();
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

    /// <summary>'mutate': SIGHUP to every worker, which mutates its configuration and resets in place.</summary>
    internal async Task MutateAsync(CancellationToken cancellationToken)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            workers = [.. _slots.Values];
        }

        var acks = workers.Select(worker => (Worker: worker, Ack: worker.NextRestartAsync())).ToList();
        foreach (WorkerProcess worker in workers)
        {
            worker.Signal(SignalNumbers.SigHup);
        }

        foreach ((WorkerProcess worker, Task ack) in acks)
        {
            Task done = await Task.WhenAny(ack, worker.Exited, Task.Delay(s_mutateAckTimeout, _timeProvider, cancellationToken)).ConfigureAwait(false);
            if (done != ack && done != worker.Exited)
            {
                _logger.MutateAckMissing(worker.Pid);
            }
        }
    }

    private void AbandonReplacements(IReadOnlyList<int> batch, List<WorkerProcess> replacements)
    {
        lock (_lock)
        {
            foreach (WorkerProcess replacement in replacements)
            {
                _incoming.Remove(replacement.WorkerId);
                replacement.Retiring = true;
            }

            foreach (int id in batch)
            {
                _incoming.Remove(id);
                if (!_stopping && id < _target && !_slots.ContainsKey(id))
                {
                    ScheduleSpawn(id, TimeSpan.Zero);
                }
            }
        }

        foreach (WorkerProcess replacement in replacements)
        {
            replacement.Signal(SignalNumbers.SigKill);
        }
    }

    // Called with _lock held.
    private void ScheduleSpawn(int id, TimeSpan delay)
    {
        if (_pending.Add(id))
        {
            _ = SpawnSlotAsync(id, delay);
        }
    }

    // Called with _lock held.
    private void ScheduleSpare(TimeSpan delay)
    {
        if (_stopping || _spares.Count + _sparesSpawning >= _settings().SpareWorkers)
        {
            return;
        }

        _sparesSpawning++;
        _ = SpawnSpareAsync(delay);
    }

    private async Task SpawnSlotAsync(int id, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
        }

        WorkerProcess? promoted = null;
        lock (_lock)
        {
            if (_stopping || id >= _target || _slots.ContainsKey(id) || _incoming.ContainsKey(id))
            {
                _pending.Remove(id);
                CheckAllExited();
                return;
            }

            promoted = _spares.FirstOrDefault(spare => spare.SpareReady.IsCompletedSuccessfully);
            if (promoted is not null)
            {
                _spares.Remove(promoted);
                _pending.Remove(id);
                _slots[id] = promoted;
                promoted.Promote(id);
                _tracker.OnSpawned(_target);
            }
        }

        if (promoted is not null)
        {
            _logger.SparePromoted(promoted.Pid, id);
            WatchBoot(promoted, promoted.Ready);
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

        _ = await SpawnAsync(-1, incoming: false).ConfigureAwait(false);
    }

    private async Task<WorkerProcess?> SpawnAsync(int id, bool incoming)
    {
        SpawnedWorker spawned;
        lock (_lock)
        {
            _spawning++;
        }

        try
        {
            spawned = await _spawner.SpawnAsync(new WorkerSpawnRequest(ServiceIndex, id, _settings().HeartbeatInterval, _environment)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.WorkerSpawnFailed(id, ToString(), exception);
            lock (_lock)
            {
                _spawning--;
                _pending.Remove(id);
                if (id < 0)
                {
                    _sparesSpawning--;
                }
                else if (!incoming && !_stopping)
                {
                    ScheduleSpawn(id, RestartPolicy.ForkTooFastSleep);
                }

                CheckAllExited();
            }

            return null;
        }

        var worker = new WorkerProcess(spawned, id, _timeProvider);
        bool stopNow;
        lock (_lock)
        {
            _spawning--;
            _all.Add(worker);
            if (id < 0)
            {
                _sparesSpawning--;
                _spares.Add(worker);
            }
            else
            {
                _tracker.OnSpawned(_target);
                _pending.Remove(id);
                if (incoming)
                {
                    _incoming[id] = worker;
                }
                else if (!_stopping)
                {
                    _slots[id] = worker;
                }
            }

            stopNow = _stopping;
            worker.Retiring = stopNow;
        }

        _logger.WorkerSpawned(worker.Pid, ToString(), id);
        worker.StartReading(OnReady);
        WatchBoot(worker, id < 0 ? worker.SpareReady : worker.Ready);
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
        lock (_lock)
        {
            _tracker.OnReady();
            if (_slots.Count >= _target && _slots.Values.All(slot => slot.IsReady))
            {
                _allReady.TrySetResult();
            }
        }
    }

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

        RestartDecision decision;
        lock (_lock)
        {
            _all.Remove(worker);
            bool wasSpare = _spares.Remove(worker);
            bool wasSlot = worker.WorkerId >= 0 && _slots.TryGetValue(worker.WorkerId, out WorkerProcess? current) && current == worker;
            if (wasSlot)
            {
                _slots.Remove(worker.WorkerId);
            }

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

            if (!wasSlot || worker.Retiring || _incoming.ContainsKey(worker.WorkerId) || worker.WorkerId >= _target)
            {
                return;
            }

            decision = _tracker.OnDied(!worker.IsReady, _target, _settings());
            LogDecision(decision, worker.WorkerId);
            ScheduleSpawn(worker.WorkerId, decision.Delay);
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

    /// <summary>
    /// Kills a worker that has not reported <paramref name="booted"/> within <c>boot_timeout</c>: it hangs before
    /// its heartbeats start, so only this catches it. Its exit then counts as a boot failure.
    /// </summary>
    private void WatchBoot(WorkerProcess worker, Task booted)
    {
        TimeSpan timeout = _settings().BootTimeout;
        if (timeout > TimeSpan.Zero)
        {
            _ = WatchBootAsync(worker, booted, timeout);
        }
    }

    private async Task WatchBootAsync(WorkerProcess worker, Task booted, TimeSpan timeout)
    {
        // No exception on this path: a worker that exits before it is ready faults its readiness, and a first
        // throw costs a process milliseconds it should spend replacing the worker.
        await booted.WaitAsync(timeout, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!booted.IsCompleted && !worker.Retiring && !worker.Exited.IsCompleted)
        {
            _logger.WorkerBootTimedOut(worker.Pid, worker.WorkerId, timeout.TotalSeconds);
            worker.Signal(SignalNumbers.SigKill);
        }
    }

    private void CheckHeartbeats()
    {
        TimeSpan timeout = _settings().HeartbeatTimeout;
        List<WorkerProcess> hung;
        lock (_lock)
        {
            hung = [.. _slots.Values.Where(worker => worker.IsReady && !worker.Retiring && worker.SinceHeartbeat > timeout)];
        }

        foreach (WorkerProcess worker in hung)
        {
            _logger.HeartbeatTimedOut(worker.Pid, worker.WorkerId, worker.SinceHeartbeat.TotalSeconds);
            worker.Signal(SignalNumbers.SigKill);
        }
    }

    // Called with _lock held.
    private void CheckAllExited()
    {
        if (_stopping && _all.Count == 0 && _spawning == 0)
        {
            _allExited.TrySetResult();
        }
    }
}
