using System.Net.Sockets;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>A real worker process: signalled with <c>kill</c>, talked to over its control socket, reaped by <see cref="ChildReaper"/>.</summary>
internal sealed class ProcessWorkerHandle : IWorkerHandle
{
    private readonly Socket _control;
    private volatile bool _hasExited;

    internal ProcessWorkerHandle(int pid, Socket control, Task<ChildExit> reaped)
    {
        Pid = pid;
        _control = control;
        Exited = WatchExitAsync(reaped);
    }

    /// <inheritdoc/>
    public int Pid { get; }

    /// <inheritdoc/>
    public Task<ChildExit> Exited { get; }

    /// <inheritdoc/>
    public bool Signal(int signal) => !_hasExited && Libc.Kill(Pid, signal) == 0;

    /// <inheritdoc/>
    public void Promote(int workerId)
    {
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

    /// <inheritdoc/>
    public void StartReading(Action<byte> onMessage) => _ = ReadAsync(onMessage);

    /// <inheritdoc/>
    public void Release() => _control.Dispose();

    private async Task ReadAsync(Action<byte> onMessage)
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

                for (int i = 0; i < read; i++)
                {
                    onMessage(buffer[i]);
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
        // Never kill a pid after it was reaped: it may belong to another process already.
        _hasExited = true;
        return exit;
    }
}
