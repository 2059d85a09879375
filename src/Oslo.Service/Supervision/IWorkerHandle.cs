namespace Oslo.Service.Supervision;

/// <summary>
/// The parent's raw line to one started worker process: its pid, how to signal it, its end of the control channel
/// and its exit. What the supervision makes of these (readiness, heartbeats, retiring) lives in
/// <see cref="WorkerProcess"/>.
/// </summary>
internal interface IWorkerHandle
{
    /// <summary>The process id.</summary>
    int Pid { get; }

    /// <summary>Completes once the process has exited and been reaped.</summary>
    Task<ChildExit> Exited { get; }

    /// <summary>Sends a signal; false when the process is already gone (oslo ignores ESRCH).</summary>
    bool Signal(int signal);

    /// <summary>Parent → spare: start as worker <paramref name="workerId"/> (<see cref="ControlMessage.Promote"/>).</summary>
    void Promote(int workerId);

    /// <summary>Parent → worker: the worker count is now <paramref name="count"/> (<see cref="ControlMessage.WorkerCount"/>).</summary>
    void SendWorkerCount(int count);

    /// <summary>
    /// Starts reading the control channel: <paramref name="onMessage"/> gets each one-byte message the worker sends,
    /// <paramref name="onReport"/> the payload of each <see cref="ControlMessage.Report"/>, <paramref name="onRequests"/>
    /// the count of each <see cref="ControlMessage.Requests"/>, and
    /// <paramref name="onClosed"/> runs once at end-of-file (after every message that came before it).
    /// </summary>
    void StartReading(Action<byte> onMessage, Action<byte[]> onReport, Action<long> onRequests, Action onClosed);

    /// <summary>Releases the control channel (after the exit).</summary>
    void Release();
}
