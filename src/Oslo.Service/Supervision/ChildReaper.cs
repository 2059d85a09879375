using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>
/// Reaps the worker processes the parent started with <c>posix_spawn</c>: on every SIGCHLD, <c>waitpid(pid,
/// WNOHANG)</c> for each tracked pid, as gunicorn's arbiter does, and completes that pid's task with how it ended.
/// </summary>
/// <remarks>
/// The runtime's own SIGCHLD handling reaps only the children <c>Process.Start</c> made, so it never takes ours
/// (unless the parent inherited SIGCHLD ignored, when it reaps every child: ours then end as
/// <see cref="ChildExit.Unknown"/>). The signal only wakes the scan: several exits may share one SIGCHLD.
/// </remarks>
internal sealed class ChildReaper : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, TaskCompletionSource<ChildExit>> _children = [];
    private readonly PosixSignalRegistration _registration;

    internal ChildReaper()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Worker processes need POSIX signals and are not available on Windows.");
        }

        _registration = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => Scan());
    }

    /// <summary>Starts tracking <paramref name="pid"/>; the task completes once the process has exited and been reaped.</summary>
    internal Task<ChildExit> Track(int pid)
    {
        // Continuations run inline on the SIGCHLD handler's thread (never under our lock): the respawn or the
        // promotion of a spare starts without waiting for another thread-pool hop.
        var exit = new TaskCompletionSource<ChildExit>();
        lock (_lock)
        {
            _children[pid] = exit;
        }

        // It may have exited before it was tracked, its SIGCHLD already handled.
        Scan();
        return exit.Task;
    }

    /// <inheritdoc/>
    public void Dispose() => _registration.Dispose();

    private unsafe void Scan()
    {
        List<(int Pid, TaskCompletionSource<ChildExit> Exit, ChildExit Status)>? ended = null;
        lock (_lock)
        {
            foreach ((int pid, TaskCompletionSource<ChildExit> exit) in _children)
            {
                int status = 0;
                int result = Libc.WaitPid(pid, &status, Libc.WNoHang);
                while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EIntr)
                {
                    result = Libc.WaitPid(pid, &status, Libc.WNoHang);
                }

                if (result == pid || (result < 0 && Marshal.GetLastPInvokeError() == Libc.EChild))
                {
                    (ended ??= []).Add((pid, exit, result == pid ? ChildExit.FromWaitStatus(status) : ChildExit.Unknown));
                }
            }

            foreach ((int pid, _, _) in ended ?? [])
            {
                _ = _children.Remove(pid);
            }
        }

        foreach ((_, TaskCompletionSource<ChildExit> exit, ChildExit status) in ended ?? [])
        {
            exit.TrySetResult(status);
        }
    }
}
