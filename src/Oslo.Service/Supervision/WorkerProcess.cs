using System.Net.Sockets;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>
/// The parent's handle on one worker process: its pid, worker id, readiness, last heartbeat and exit.
/// </summary>
internal sealed class WorkerProcess
{
    private readonly Socket _control;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _spareReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastHeartbeat;
    private volatile bool _hasExited;
    private TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WorkerProcess(SpawnedWorker spawned, int workerId, TimeProvider timeProvider)
    {
        _control = spawned.Control;
        _timeProvider = timeProvider;
        Pid = spawned.Pid;
        WorkerId = workerId;
        StartedAt = timeProvider.GetTimestamp();
        _lastHeartbeat = StartedAt;
        Exited = WatchExitAsync(spawned.Exited);
    }

    /// <summary>The process id.</summary>
    internal int Pid { get; }

    /// <summary>The worker id (-1 while a spare).</summary>
    internal int WorkerId { get; set; }

    /// <summary>When the process was started (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long StartedAt { get; }

    /// <summary>True once the worker reported that its services started.</summary>
    internal bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the worker reports ready.</summary>
    internal Task Ready => _ready.Task;

    /// <summary>Completes when a spare has built its services and waits to be promoted.</summary>
    internal Task SpareReady => _spareReady.Task;

    /// <summary>Set once the parent has told the worker to stop (stop, reload, scale down).</summary>
    internal bool Retiring { get; set; }

    /// <summary>How the process ended: its exit status, or the signal that killed it.</summary>
    internal Task<ChildExit> Exited { get; }

    /// <summary>How long since the last heartbeat (or the start).</summary>
    internal TimeSpan SinceHeartbeat => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastHeartbeat));

    /// <summary>Starts reading the control socket; <paramref name="onReady"/> runs when the worker reports ready.</summary>
    internal void StartReading(Action<WorkerProcess> onReady) => _ = ReadControlAsync(onReady);

    /// <summary>Completes after the next SIGHUP restart the worker reports.</summary>
    internal Task NextRestartAsync()
    {
        lock (_ready)
        {
            return _restarted.Task;
        }
    }

    /// <summary>Sends a signal, ignoring a process that is already gone (oslo ignores ESRCH).</summary>
    internal bool Signal(int signal) => !_hasExited && Libc.Kill(Pid, signal) == 0;

    /// <summary>Tells a spare to start as worker <paramref name="workerId"/>.</summary>
    internal void Promote(int workerId)
    {
        WorkerId = workerId;
        byte[] message = [ControlMessage.Promote, 0, 0, 0, 0];
        BitConverter.TryWriteBytes(message.AsSpan(1), workerId);
        try
        {
            _control.Send(message);
        }
        catch (SocketException)
        {
            // It died meanwhile; its exit is handled as any other.
        }
        catch (ObjectDisposedException)
        {
            // Same.
        }
    }

    private async Task ReadControlAsync(Action<WorkerProcess> onReady)
    {
        byte[] buffer = new byte[64];
        try
        {
            while (true)
            {
                int read = await _control.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                Interlocked.Exchange(ref _lastHeartbeat, _timeProvider.GetTimestamp());
                for (int i = 0; i < read; i++)
                {
                    switch (buffer[i])
                    {
                        case ControlMessage.Ready:
                            if (_ready.TrySetResult())
                            {
                                onReady(this);
                            }

                            break;
                        case ControlMessage.SpareReady:
                            _spareReady.TrySetResult();
                            break;
                        case ControlMessage.Restarted:
                            lock (_ready)
                            {
                                _restarted.TrySetResult();
                                _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
                            }

                            break;
                        default:
                            break;
                    }
                }
            }
        }
        catch (SocketException)
        {
            // The worker is gone; its exit is observed through the process.
        }
        catch (ObjectDisposedException)
        {
            // Same.
        }
    }

    private async Task<ChildExit> WatchExitAsync(Task<ChildExit> reaped)
    {
        ChildExit exit = await reaped.ConfigureAwait(false);
        _hasExited = true;
        // The rest waits for the thread pool, after the pool has handled the exit: the respawn or the promotion of
        // a spare must not wait behind the socket's release or exceptions thrown in readiness continuations.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Worker.ReleaseAfterExit(state.Exit), (Worker: this, Exit: exit), preferLocal: false);
        return exit;
    }

    private void ReleaseAfterExit(ChildExit exit)
    {
        _control.Dispose();
        _ready.TrySetException(new InvalidOperationException($"Worker process {Pid} {exit} before it was ready."));
        _spareReady.TrySetException(new InvalidOperationException($"Spare worker process {Pid} {exit}."));
        _ = _ready.Task.Exception;
        _ = _spareReady.Task.Exception;
    }
}
