using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Launching;
using Oslo.Service.Metrics;

namespace Oslo.Service.Supervision;

/// <summary>
/// The workers of one <c>LaunchService</c> call, seen by the parent as one service: starting it starts N worker
/// processes and completes when all are ready; stopping it sends them SIGTERM; waiting on it waits for every
/// process to exit. While it runs, a worker that exits is restarted with the same worker id, paced by
/// <see cref="RestartPolicy"/>.
/// </summary>
/// <remarks>
/// <para>This is how the ProcessLauncher reuses the single-process lifecycle: the <see cref="ServiceLauncher"/> loop
/// runs these pools exactly as it runs services in-process (same signals, deadline, reload queueing, systemd
/// messages); only the supervision below differs.</para>
/// <para>The parts: a <see cref="SlotTable"/> (who holds which worker id), a <see cref="SparePool"/>, a
/// <see cref="WorkerWatchdog"/> (boot and heartbeat timeouts), <see cref="RollingReload"/> (SIGHUP) and the
/// <see cref="RestartTracker"/> (crash-loop pacing). This class starts processes through an
/// <see cref="IWorkerSpawner"/> and handles their readiness and exits; the table and the spares change only under
/// its lock.</para>
/// </remarks>
internal sealed partial class WorkerPool : ServiceBase
{
    private readonly Lock _lock = new();
    private readonly SlotTable _slots;
    private readonly SparePool _spares = new();
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IWorkerSpawner _spawner;
    private readonly Func<SupervisionSettings> _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RestartTracker _tracker;
    private readonly WorkerWatchdog _watchdog;
    private readonly RollingReload _reload;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _environment;
    private readonly Dictionary<int, int> _slotStarts = [];
    private int _spawning;
    private int _mutateGeneration;
    private bool _stopping;
    private bool _launched;
    private WorkerRecycler? _recycler;
    private ConnectionBoard? _board;

    internal WorkerPool(
        ServiceBase service,
        int serviceIndex,
        int workers,
        IWorkerSpawner spawner,
        Func<SupervisionSettings> settings,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Service = service;
        ServiceIndex = serviceIndex;
        _slots = new SlotTable(workers);
        _spawner = spawner;
        _settings = settings;
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
        _tracker = new RestartTracker(timeProvider);
        Stacks = new HungWorkerStacks(
            () => StackCapture ?? ToolStackCapture.FromCommand(_settings().HungWorkerStacksCommand), () => _settings().HungWorkerDumpDir, timeProvider, logger);
        _watchdog = new WorkerWatchdog(settings, CurrentWorkers, timeProvider, logger, Stacks);
        _reload = new RollingReload(this, settings, timeProvider, logger);
        ServiceMetrics.Track(this);
    }

    /// <summary>Where the workers' measurements reports go; null when nobody collects them.</summary>
    internal FamilyMetrics? Family { get; init; }

    /// <summary>A worker's resident set size in bytes (0 when unknown), for <c>max_worker_memory_mb</c>.</summary>
    internal Func<int, long> ReadRss { get; init; } = static pid => Control.ProcessSample.Read(pid).RssBytes;

    /// <summary>A worker's share of <c>max_requests_jitter</c>: a random 0..max.</summary>
    internal Func<int, int> DrawJitter { get; init; } = static max => Random.Shared.Next(0, max + 1);

    /// <summary>Captures stacks before a kill instead of <c>hung_worker_stacks_command</c> (tests).</summary>
    internal IStackCapture? StackCapture { get; init; }

    /// <summary>Stacks in the log before a worker's SIGKILL (hung, or the graceful deadline).</summary>
    internal HungWorkerStacks Stacks { get; }

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
                return _slots.Target;
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
                return _slots.Pids;
            }
        }
    }

    /// <summary>Completes once every live process of this pool has exited after <see cref="StopAsync"/>.</summary>
    internal Task AllExited => _allExited.Task;

    /// <summary>
    /// Completes when the workers may be spawned; null means at once. The ProcessLauncher's parent opens it when it
    /// begins to wait: a worker re-runs the program, so it is spawned only once the program has bound every socket.
    /// </summary>
    internal Task? LaunchGate { get; init; }

    /// <summary>Starts the worker processes (once) and completes when all are ready.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (LaunchGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Launch();
        await _allReady.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _logger.WorkersReady(Target);
    }

    /// <summary>
    /// Starts the worker processes, their spares and the heartbeat check, once; the ProcessLauncher calls it when it
    /// begins to wait, so the workers boot while the parent is still setting up its loop.
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
            // Lives as long as the parent: a worker may be spawned, and die, until the very end.
            _board = settings.ShareConnections ? ConnectionBoard.Create() : null;
            for (int id = 0; id < _slots.Target; id++)
            {
                ScheduleSpawn(id, TimeSpan.Zero);
            }

            for (int i = 0; i < settings.SpareWorkers; i++)
            {
                ScheduleSpare(TimeSpan.Zero);
            }

            _watchdog.Start();
            // Only when a limit is set: the recycler's sampling timer is the one cost recycling adds to a parent.
            if (settings.Recycle.Enabled)
            {
                _recycler = new WorkerRecycler(this, _settings, _timeProvider, _logger, ReadRss, DrawJitter);
            }
        }
    }

    /// <summary>Stops respawning and sends every process SIGTERM (graceful) or SIGINT; returns at once.</summary>
    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            _stopping = true;
            _watchdog.Dispose();
            _recycler?.Dispose();
            // A retiring worker (replaced by a reload, scaled down) already has its SIGTERM and is draining; a
            // second one would make it exit at once and drop the requests it is finishing.
            workers = [.. _slots.Live.Where(worker => !graceful || !worker.Retiring)];
            foreach (WorkerProcess worker in _slots.Live)
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

    /// <summary>Stops respawning and sends <paramref name="signal"/> to every live process of the pool.</summary>
    /// <returns>How many processes were signalled.</returns>
    internal int SignalAll(int signal)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            _stopping = true;
            workers = [.. _slots.Live];
            CheckAllExited();
        }

        int count = 0;
        foreach (WorkerProcess worker in workers)
        {
            count += worker.Signal(signal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Stops respawning and SIGKILLs every live process of the pool, with their stacks in the log first when
    /// <c>hung_worker_stacks_command</c> is set (the graceful deadline passed); the kill within 1 s whatever the capture does.
    /// </summary>
    /// <returns>How many processes were killed.</returns>
    internal async Task<int> KillWithStacksAsync(string why)
    {
        List<WorkerProcess> workers;
        lock (_lock)
        {
            _stopping = true;
            workers = [.. _slots.Live.Where(worker => !worker.Exited.IsCompleted)];
            CheckAllExited();
        }

        await Stacks.KillAsync(workers, why).ConfigureAwait(false);
        return workers.Count;
    }

    /// <summary>True while every ready worker's heartbeat is younger than <paramref name="threshold"/>.</summary>
    internal bool AllFresh(TimeSpan threshold) =>
        CurrentWorkers().All(worker => !worker.IsReady || worker.SinceHeartbeat < threshold);

    /// <summary>A snapshot of the current worker of each slot.</summary>
    internal IReadOnlyList<WorkerProcess> CurrentWorkers()
    {
        lock (_lock)
        {
            return [.. _slots.Current];
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
                // Scaling starts a worker on purpose: it must not count towards "forking too fast".
                _tracker.ResetForkWindow();
                ScheduleSpawn(_slots.Grow(), TimeSpan.Zero);
            }
            else if (!_slots.TryShrink(out victim))
            {
                _logger.ScaleDownRefused(ToString());
                return;
            }
            else if (victim is not null)
            {
                victim.Retiring = true;
            }

            _logger.WorkersScaled(signalName, ToString(), _slots.Target);
            foreach (WorkerProcess worker in _slots.Live)
            {
                if (!worker.Retiring)
                {
                    worker.TellWorkerCount(_slots.Target);
                }
            }
        }

        victim?.Signal(SignalNumbers.SigTerm);
    }

    /// <summary>Every live process of the pool now: workers, replacements, spares and retiring ones.</summary>
    internal IReadOnlyList<WorkerSnapshot> Snapshot()
    {
        lock (_lock)
        {
            return [.. _slots.Live
                .Select(worker => new WorkerSnapshot(
                    ServiceIndex,
                    worker.WorkerId,
                    worker.Pid,
                    worker.Retiring ? WorkerState.Retiring : worker.IsSpare ? WorkerState.Spare : worker.IsReady ? WorkerState.Ready : WorkerState.Starting,
                    worker.Uptime,
                    worker.WorkerId is { } id && _slotStarts.TryGetValue(id, out int starts) ? Math.Max(0, starts - 1) : 0,
                    worker))
                .OrderBy(worker => worker.WorkerId ?? int.MaxValue)
                .ThenBy(worker => worker.Uptime)];
        }
    }

    /// <summary>The label of a worker id in the family metrics: the id, prefixed by the service index after the first service.</summary>
    internal string WorkerLabel(int workerId) =>
        ServiceIndex == 0 ? workerId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ServiceIndex}.{workerId}");

    // Called with _lock held.
    private void FillSlot(int id, WorkerProcess worker)
    {
        _slots.Fill(id, worker);
        _slotStarts[id] = _slotStarts.GetValueOrDefault(id) + 1;
    }

    // Called with _lock held.
    private void CheckAllExited()
    {
        if (_stopping && _slots.Live.Count == 0 && _spawning == 0)
        {
            _allExited.TrySetResult();
        }
    }
}
