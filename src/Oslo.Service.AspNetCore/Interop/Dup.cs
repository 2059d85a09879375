using System.Runtime.InteropServices;

namespace Oslo.Service.AspNetCore;

/// <summary>dup(2), with close-on-exec set (F_DUPFD_CLOEXEC) so the copy never leaks into a child.</summary>
internal static partial class Dup
{
    private const int FDupFdCloexec = 1030;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>A new descriptor for the same open socket.</summary>
    /// <exception cref="IOException">When the kernel refuses (EMFILE…).</exception>
    internal static int Duplicate(int fd)
    {
        int copy = Fcntl(fd, FDupFdCloexec, 0);
        return copy >= 0 ? copy : throw new IOException($"Cannot duplicate descriptor {fd}: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
