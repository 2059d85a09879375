using System.Collections.Concurrent;

using Oslo.Service.Interop;
using Oslo.Service.Supervision;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// A worker without a process. It behaves as a worker does by default — SIGTERM: exit 0; SIGINT: exit 1; SIGKILL:
/// killed; SIGHUP: report the restart — and the test sends its control messages and exits by hand.
/// </summary>
internal sealed class FakeWorker(int pid, WorkerSpawnRequest request, bool autoReady) : IWorkerHandle
{
    private readonly TaskCompletionSource<ChildExit> _exited = new();
    private readonly ConcurrentQueue<int> _signals = new();
    private readonly TaskCompletionSource<int> _promoted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<byte> _unread = [];
    private Action<byte>? _onMessage;
    private Action<long>? _onRequests;

    public int Pid { get; } = pid;

    public WorkerSpawnRequest Request { get; } = request;

    public Task<ChildExit> Exited => _exited.Task;

    /// <summary>Every signal received, in order.</summary>
    public IReadOnlyList<int> Signals => [.. _signals];

    /// <summary>The worker id a spare was promoted to.</summary>
    public Task<int> Promoted => _promoted.Task;

    /// <summary>When false, signals are recorded but change nothing (a hung worker).</summary>
    public bool ObeysSignals { get; set; } = true;

    /// <summary>When true, SIGTERM is recorded but ignored (a worker stuck in its graceful stop).</summary>
    public bool IgnoresSigterm { get; set; }

    /// <summary>When false, a SIGHUP is not acknowledged.</summary>
    public bool AcknowledgesSighup { get; set; } = true;

    public bool Released { get; private set; }

    public bool Signal(int signal)
    {
        if (_exited.Task.IsCompleted)
        {
            return false;
        }

        _signals.Enqueue(signal);
        if (!ObeysSignals)
        {
            return true;
        }

        // Off the caller's stack, as a real exit arrives through the reaper.
        switch (signal)
        {
            case SignalNumbers.SigTerm when !IgnoresSigterm:
                _ = Task.Run(() => Exit(0));
                break;
            case SignalNumbers.SigInt:
                _ = Task.Run(() => Exit(1));
                break;
            case SignalNumbers.SigKill:
                _ = Task.Run(() => Kill(SignalNumbers.SigKill));
                break;
            case SignalNumbers.SigHup when AcknowledgesSighup:
                _ = Task.Run(() => Send(ControlMessage.Restarted));
                break;
            default:
                break;
        }

        return true;
    }

    public void Promote(int workerId)
    {
        _promoted.TrySetResult(workerId);
        if (autoReady)
        {
            Send(ControlMessage.Ready);
        }
    }

    /// <summary>The worker counts the parent told this worker, in order.</summary>
    public List<int> WorkerCounts { get; } = [];

    public void SendWorkerCount(int count)
    {
        lock (WorkerCounts)
        {
            WorkerCounts.Add(count);
        }
    }

    public void StartReading(Action<byte> onMessage, Action<byte[]> onReport, Action<long> onRequests, Action onClosed)
    {
        _onRequests = onRequests;
        // What the worker sent before the parent started reading waits in the channel, as in a socket.
        byte[] unread;
        lock (_lock)
        {
            _onMessage = onMessage;
            unread = [.. _unread];
            _unread.Clear();
        }

        foreach (byte message in unread)
        {
            onMessage(message);
        }

        if (autoReady)
        {
            Send(Request.WorkerId is null ? ControlMessage.SpareReady : ControlMessage.Ready);
        }
    }

    public void Release() => Released = true;

    /// <summary>The worker reports <paramref name="served"/> requests with a heartbeat (<see cref="ControlMessage.Requests"/>).</summary>
    public void ReportRequests(long served) => _onRequests?.Invoke(served);

    /// <summary>The worker sends one control message.</summary>
    public void Send(byte message)
    {
        Action<byte>? reader;
        lock (_lock)
        {
            reader = _onMessage;
            if (reader is null)
            {
                _unread.Add(message);
                return;
            }
        }

        if (!_exited.Task.IsCompleted)
        {
            reader(message);
        }
    }

    public void Ready() => Send(ControlMessage.Ready);

    public void Exit(int status) => _exited.TrySetResult(new ChildExit(status, null));

    public void Kill(int signal) => _exited.TrySetResult(new ChildExit(null, signal));

    public override string ToString() => $"fake {Pid} (worker {Request.WorkerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "spare"})";
}
