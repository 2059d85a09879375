using System.Runtime.InteropServices;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>fcntl(2), to let a test's listening socket reach a child the way systemd hands it over.</summary>
internal static partial class Fcntl
{
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloExec = 1;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Call(int fd, int command, int argument);

    public static void ClearCloseOnExec(int fd)
    {
        int flags = Call(fd, FGetFd, 0);
        if (flags < 0 || Call(fd, FSetFd, flags & ~FdCloExec) < 0)
        {
            throw new InvalidOperationException($"fcntl on fd {fd} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
