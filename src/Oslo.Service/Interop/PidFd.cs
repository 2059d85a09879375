namespace Oslo.Service.Interop;

/// <summary>
/// Linux process descriptors (5.3+): a descriptor that names one process for as long as it is open, so a signal
/// sent through it never reaches another process that reused the pid after ours was reaped.
/// </summary>
internal static class PidFd
{
    // The same numbers on every Linux architecture: both came after the syscall tables were unified.
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;

    /// <summary><c>pidfd_open(pid, 0)</c>; -1 when unavailable (not Linux, kernel before 5.3, or the process is gone).</summary>
    internal static int Open(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        // The kernel sets close-on-exec on it: no worker started later inherits it.
        return (int)Libc.Syscall(SysPidfdOpen, pid, 0, 0, 0);
    }

    /// <summary><c>pidfd_send_signal(fd, signal, NULL, 0)</c>: true when sent; false when the process has exited.</summary>
    internal static bool SendSignal(int pidFd, int signal) => Libc.Syscall(SysPidfdSendSignal, pidFd, signal, 0, 0) == 0;
}
