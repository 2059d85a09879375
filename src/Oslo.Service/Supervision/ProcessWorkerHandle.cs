using System.Net.Sockets;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>
/// A real worker process: signalled through its pidfd (Linux 5.3+; <c>kill</c> otherwise), talked to over its
/// control socket, reaped by <see cref="ChildReaper"/>.
/// </summary>
internal sealed class ProcessWorkerHandle : IWorkerHandle
{
    private readonly Socket _control;
    private readonly Lock _pidFdLock = new();
    private int _pidFd;
    private volatile bool _hasExited;

    /// <param name="pid">The process id.</param>
    /// <param name="pidFd">Its pidfd, opened before it could be reaped; -1 when unavailable.</param>
    /// <param name="control">The parent's end of the control socket pair.</param>
    /// <param name="reaped">Completes when the reaper has collected the process.</param>
    internal ProcessWorkerHandle(int pid, int pidFd, Socket control, Task<ChildExit> reaped)
    {
        Pid = pid;
        _pidFd = pidFd;
        _control = control;
        Exited = WatchExitAsync(reaped);
    }

    /// <inheritdoc/>
    public int Pid { get; }

    /// <inheritdoc/>
    public Task<ChildExit> Exited { get; }

    /// <inheritdoc/>
    public bool Signal(int signal)
    {
        if (_hasExited)
        {
            return false;
        }

        lock (_pidFdLock)
        {
            // Through the pidfd the signal reaches this process or none, even if the pid was reaped and reused
            // between the check above and this call.
            return _pidFd >= 0 ? PidFd.SendSignal(_pidFd, signal) : Libc.Kill(Pid, signal) == 0;
        }
    }

    /// <inheritdoc/>
    public void Promote(int workerId) => Send(ControlMessage.Promote, workerId);

    /// <inheritdoc/>
    public void SendWorkerCount(int count) => Send(ControlMessage.WorkerCount, count);

    private void Send(byte kind, int value)
    {
        byte[] message = [kind, 0, 0, 0, 0];
        BitConverter.TryWriteBytes(message.AsSpan(1), value);
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

    /// <inheritdoc/>
    public void StartReading(Action<byte> onMessage, Action<byte[]> onReport, Action<long> onRequests, Action onClosed) =>
        _ = ReadAsync(onMessage, onReport, onRequests, onClosed);

    /// <inheritdoc/>
    public void Release()
    {
        _control.Dispose();
        lock (_pidFdLock)
        {
            if (_pidFd >= 0)
            {
                _ = Libc.Close(_pidFd);
                _pidFd = -1;
            }
        }
    }

    private async Task ReadAsync(Action<byte> onMessage, Action<byte[]> onReport, Action<long> onRequests, Action onClosed)
    {
        byte[] buffer = new byte[4096];
        var frame = new ReportFrame();
        try
        {
            while (true)
            {
                int read = await _control.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                int i = 0;
                while (i < read)
                {
                    if (frame.InProgress)
                    {
                        i += frame.Feed(buffer.AsSpan(i, read - i));
                        if (frame.Complete is { } payload)
                        {
                            if (frame.Kind == ControlMessage.Requests)
                            {
                                onRequests(BitConverter.ToInt64(payload));
                            }
                            else
                            {
                                onReport(payload);
                            }
                        }
                    }
                    else if (buffer[i] is ControlMessage.Report or ControlMessage.Requests)
                    {
                        frame.Begin(buffer[i]);
                        i++;
                    }
                    else
                    {
                        onMessage(buffer[i++]);
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
        catch (InvalidDataException)
        {
            // A frame longer than any report: not a worker of ours talking; stop listening to it.
        }
        finally
        {
            onClosed();
        }
    }

    private async Task<ChildExit> WatchExitAsync(Task<ChildExit> reaped)
    {
        ChildExit exit = await reaped.ConfigureAwait(false);
        // Never kill a pid after it was reaped: it may belong to another process already.
        _hasExited = true;
        return exit;
    }

    /// <summary>
    /// A frame being read: a <see cref="ControlMessage.Report"/> (four length bytes, then the payload) or a
    /// <see cref="ControlMessage.Requests"/> (eight bytes).
    /// </summary>
    private sealed class ReportFrame
    {
        private readonly byte[] _length = new byte[4];
        private int _lengthRead = -1;
        private byte[]? _payload;
        private int _payloadRead;

        internal bool InProgress => _lengthRead >= 0;

        /// <summary>The payload once the frame is complete (returned once).</summary>
        internal byte[]? Complete { get; private set; }

        /// <summary>The kind byte of the frame being read (or last read).</summary>
        internal byte Kind { get; private set; }

        internal void Begin(byte kind)
        {
            Kind = kind;
            _lengthRead = 0;
            _payload = null;
            _payloadRead = 0;
            Complete = null;
            if (kind == ControlMessage.Requests)
            {
                // Fixed length: no length prefix.
                _lengthRead = 4;
                _payload = new byte[8];
            }
        }

        /// <summary>Consumes bytes of the frame; returns how many.</summary>
        internal int Feed(ReadOnlySpan<byte> data)
        {
            Complete = null;
            int used = 0;
            if (_payload is null)
            {
                int take = Math.Min(4 - _lengthRead, data.Length);
                data[..take].CopyTo(_length.AsSpan(_lengthRead));
                _lengthRead += take;
                used = take;
                if (_lengthRead < 4)
                {
                    return used;
                }

                int length = BitConverter.ToInt32(_length);
                if (length < 0 || length > ControlMessage.MaxReportLength)
                {
                    throw new InvalidDataException($"A report of {length} bytes on a worker's control channel.");
                }

                _payload = new byte[length];
                data = data[take..];
            }

            int copy = Math.Min(_payload.Length - _payloadRead, data.Length);
            data[..copy].CopyTo(_payload.AsSpan(_payloadRead));
            _payloadRead += copy;
            used += copy;
            if (_payloadRead == _payload.Length)
            {
                Complete = _payload;
                _lengthRead = -1;
                _payload = null;
            }

            return used;
        }
    }
}
