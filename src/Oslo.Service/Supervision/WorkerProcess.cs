namespace Oslo.Service.Supervision;

/// <summary>
/// The parent's view of one worker process: its slot (a worker id, or none while it is a spare), readiness, last
/// heartbeat, whether it has been told to stop, and its exit. The process itself is behind an <see cref="IWorkerHandle"/>.
/// </summary>
internal sealed class WorkerProcess
{
    private readonly IWorkerHandle _handle;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _spareReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _restartLock = new();
    private long _lastHeartbeat;
    private long _requests;
    private long? _readyAt;
    private TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<WorkerProcess>? _onReady;
    private Action<WorkerProcess, byte[]>? _onReport;
    private Action<WorkerProcess>? _onClosed;

    internal WorkerProcess(IWorkerHandle handle, int? workerId, TimeProvider timeProvider)
    {
        _handle = handle;
        _timeProvider = timeProvider;
        Pid = handle.Pid;
        WorkerId = workerId;
        _lastHeartbeat = timeProvider.GetTimestamp();
        StartedAt = _lastHeartbeat;
        Exited = WatchExitAsync(handle.Exited);
    }

    /// <summary>The process id.</summary>
    internal int Pid { get; }

    /// <summary>When the process was started (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long StartedAt { get; }

    /// <summary>How long ago the process was started.</summary>
    internal TimeSpan Uptime => _timeProvider.GetElapsedTime(StartedAt);

    /// <summary>HTTP requests the worker reported served (<see cref="ControlMessage.Requests"/>), health probes excluded.</summary>
    internal long Requests => Interlocked.Read(ref _requests);

    /// <summary>How long ago the worker reported ready; null before.</summary>
    internal TimeSpan? SinceReady => _readyAt is { } readyAt ? _timeProvider.GetElapsedTime(readyAt) : null;

    /// <summary>Why the parent ended this worker, when it did on purpose (hung, recycle); null otherwise.</summary>
    internal string? EndReason { get; set; }

    /// <summary>The worker id; null while the process is a spare waiting to be promoted.</summary>
    internal int? WorkerId { get; private set; }

    /// <summary>True while the process is a spare (not yet promoted to a worker id).</summary>
    internal bool IsSpare => WorkerId is null;

    /// <summary>True once the worker reported that its services started.</summary>
    internal bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the worker reports ready; faults when it exits first.</summary>
    internal Task Ready => _ready.Task;

    /// <summary>Completes when a spare has built its services and waits to be promoted; faults when it exits first.</summary>
    internal Task SpareReady => _spareReady.Task;

    /// <summary>
    /// The pool's mutate generation this worker has been brought to (by a SIGHUP, or by starting after it); the pool
    /// changes it under its lock only.
    /// </summary>
    internal int MutateGeneration { get; set; }

    /// <summary>Set once the parent has told the worker to stop (stop, reload, scale down).</summary>
    internal bool Retiring { get; set; }

    /// <summary>How the process ended: its exit status, or the signal that killed it.</summary>
    internal Task<ChildExit> Exited { get; }

    /// <summary>How long since the last message (or the start).</summary>
    internal TimeSpan SinceHeartbeat => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastHeartbeat));

    /// <summary>
    /// Starts reading the control channel: <paramref name="onReady"/> runs when the worker reports ready,
    /// <paramref name="onReport"/> with each measurements report, <paramref name="onClosed"/> at end-of-file.
    /// </summary>
    internal void StartReading(Action<WorkerProcess> onReady, Action<WorkerProcess, byte[]>? onReport = null, Action<WorkerProcess>? onClosed = null)
    {
        _onReady = onReady;
        _onReport = onReport;
        _onClosed = onClosed;
        _handle.StartReading(OnMessage, OnReport, OnRequests, OnClosed);
    }

    /// <summary>Completes after the next SIGHUP restart the worker reports.</summary>
    internal Task NextRestartAsync()
    {
        lock (_restartLock)
        {
            return _restarted.Task;
        }
    }

    /// <summary>Sends a signal, ignoring a process that is already gone (oslo ignores ESRCH).</summary>
    internal bool Signal(int signal) => _handle.Signal(signal);

    /// <summary>Tells a spare to start as worker <paramref name="workerId"/>.</summary>
    internal void Promote(int workerId)
    {
        WorkerId = workerId;
        _handle.Promote(workerId);
    }

    /// <summary>Tells the worker the pool's current worker count (after SIGTTIN / SIGTTOU).</summary>
    internal void TellWorkerCount(int count) => _handle.SendWorkerCount(count);

    /// <inheritdoc/>
    public override string ToString() => $"worker {WorkerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "spare"} (pid {Pid})";

    private void OnReport(byte[] payload)
    {
        Interlocked.Exchange(ref _lastHeartbeat, _timeProvider.GetTimestamp());
        _onReport?.Invoke(this, payload);
    }

    private void OnRequests(long served)
    {
        Interlocked.Exchange(ref _lastHeartbeat, _timeProvider.GetTimestamp());
        Interlocked.Exchange(ref _requests, served);
    }

    private void OnClosed() => _onClosed?.Invoke(this);

    private void OnMessage(byte message)
    {
        // Every message proves the worker alive, not only heartbeats.
        Interlocked.Exchange(ref _lastHeartbeat, _timeProvider.GetTimestamp());
        switch (message)
        {
            case ControlMessage.Ready:
                _readyAt ??= _timeProvider.GetTimestamp();
                if (_ready.TrySetResult())
                {
                    _onReady?.Invoke(this);
                }

                break;
            case ControlMessage.SpareReady:
                _spareReady.TrySetResult();
                break;
            case ControlMessage.Restarted:
                lock (_restartLock)
                {
                    _restarted.TrySetResult();
                    _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                break;
            default:
                break;
        }
    }

    private async Task<ChildExit> WatchExitAsync(Task<ChildExit> reaped)
    {
        ChildExit exit = await reaped.ConfigureAwait(false);
        // The rest waits for the thread pool, after the pool has handled the exit: the respawn or the promotion of
        // a spare must not wait behind the socket's release or exceptions thrown in readiness continuations.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Worker.ReleaseAfterExit(state.Exit), (Worker: this, Exit: exit), preferLocal: false);
        return exit;
    }

    private void ReleaseAfterExit(ChildExit exit)
    {
        _handle.Release();
        _ready.TrySetException(new InvalidOperationException($"Worker process {Pid} {exit} before it was ready."));
        _spareReady.TrySetException(new InvalidOperationException($"Spare worker process {Pid} {exit}."));
        _ = _ready.Task.Exception;
        _ = _spareReady.Task.Exception;
    }
}
