using System.Net.Sockets;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;
using Oslo.Service.Sockets;

namespace Oslo.Service.Supervision;

/// <summary>
/// The worker's side of the control socket pair: tells the parent when the services are ready, sends heartbeats,
/// waits for promotion when it is a spare, and notices the parent's death (end-of-file, since only the parent holds
/// the other end; plus <c>PR_SET_PDEATHSIG</c> on Linux).
/// </summary>
internal sealed class WorkerAgent : IDisposable
{
    private readonly WorkerIdentity _identity;
    private readonly Socket _control;
    private readonly Lock _sendLock = new();
    private ITimer? _heartbeat;
    private PosixSignalRegistration? _deathSignal;
    private int _parentDied;
    private long _sentRequests;

    internal WorkerAgent(WorkerIdentity identity)
    {
        _identity = identity;
        // Nothing this worker starts may hold the channel open.
        CloseOnExec.Set(identity.ControlFd, closeOnExec: true);
        _control = new Socket(new SafeSocketHandle(identity.ControlFd, ownsHandle: true));
    }

    /// <summary>Sends one message; a dead parent is noticed by the reader, not here.</summary>
    internal void Send(byte message)
    {
        lock (_sendLock)
        {
            try
            {
                _control.Send([message]);
            }
            catch (SocketException)
            {
                // The parent is gone.
            }
            catch (ObjectDisposedException)
            {
                // Shutting down.
            }
        }
    }

    /// <summary>Sends a measurements report (<see cref="ControlMessage.Report"/>) in one write, so no heartbeat lands inside it.</summary>
    internal void SendReport(byte[] payload)
    {
        byte[] frame = new byte[5 + payload.Length];
        frame[0] = ControlMessage.Report;
        BitConverter.TryWriteBytes(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        SendFrame(frame);
    }

    // One write, so no other message lands inside the frame.
    private void SendFrame(byte[] frame)
    {
        lock (_sendLock)
        {
            try
            {
                _control.Send(frame);
            }
            catch (SocketException)
            {
                // The parent is gone.
            }
            catch (ObjectDisposedException)
            {
                // Shutting down.
            }
        }
    }

    /// <summary>
    /// Sends a heartbeat every interval from the timer queue: the requests served so far when they changed
    /// (<see cref="ControlMessage.Requests"/>, which proves the worker alive as well), a bare heartbeat otherwise.
    /// </summary>
    internal void StartHeartbeats(TimeProvider timeProvider) =>
        _heartbeat = timeProvider.CreateTimer(
            static self => ((WorkerAgent)self!).Beat(), this, _identity.HeartbeatInterval, _identity.HeartbeatInterval);

    private void Beat()
    {
        long served = WorkerRequests.Served;
        if (served == _sentRequests)
        {
            Send(ControlMessage.Heartbeat);
            return;
        }

        _sentRequests = served;
        byte[] frame = new byte[9];
        frame[0] = ControlMessage.Requests;
        BitConverter.TryWriteBytes(frame.AsSpan(1), served);
        SendFrame(frame);
    }

    /// <summary>
    /// Calls <paramref name="onParentDied"/> once, when the parent dies, <paramref name="onPromoted"/> with the
    /// worker id when the parent promotes this spare, and <paramref name="onWorkerCount"/> with the new count after a
    /// SIGTTIN / SIGTTOU (the parent's two messages).
    /// </summary>
    internal void WatchParent(Action onParentDied, Action<int> onPromoted, Action<int>? onWorkerCount = null)
    {
        void Died()
        {
            if (Interlocked.Exchange(ref _parentDied, 1) == 0)
            {
                onParentDied();
            }
        }

        if (OperatingSystem.IsLinux())
        {
            // Belt and braces for a worker whose reader cannot run: the kernel signals us when the parent's
            // spawning thread dies (the ProcessLauncher keeps that thread for its whole life).
            _deathSignal = PosixSignalRegistration.Create((PosixSignal)ExtraSignalNumbers.SigUsr2, context =>
            {
                context.Cancel = true;
                if (Libc.GetPpid() != _identity.ParentPid)
                {
                    Died();
                }
            });
            _ = Libc.Prctl(Libc.PrSetPdeathsig, ExtraSignalNumbers.SigUsr2, 0, 0, 0);
        }

        if (Platform.IsUnix && Libc.GetPpid() != _identity.ParentPid)
        {
            // The parent died before the death signal was armed.
            Died();
            return;
        }

        // A thread of its own blocked in recv(): a promotion wakes the spare without an epoll and thread-pool hop,
        // and the parent's death is seen even when the thread pool is busy.
        var reader = new Thread(() =>
        {
            // Each message is a kind byte and a little-endian 32-bit value: five bytes, which may arrive in pieces.
            byte[] buffer = new byte[16];
            var message = new List<byte>(5);
            try
            {
                int read;
                while ((read = _control.Receive(buffer, SocketFlags.None)) > 0)
                {
                    message.AddRange(buffer.AsSpan(0, read));
                    while (message.Count >= 5)
                    {
                        int value = BitConverter.ToInt32([.. message.GetRange(1, 4)]);
                        if (message[0] == ControlMessage.Promote)
                        {
                            onPromoted(value);
                        }
                        else if (message[0] == ControlMessage.WorkerCount)
                        {
                            onWorkerCount?.Invoke(value);
                        }

                        message.RemoveRange(0, 5);
                    }
                }
            }
            catch (SocketException)
            {
                // Treated as end-of-file.
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Died();
        })
        { IsBackground = true, Name = "oslo-worker-control" };
        reader.Start();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _heartbeat?.Dispose();
        _deathSignal?.Dispose();
    }
}
