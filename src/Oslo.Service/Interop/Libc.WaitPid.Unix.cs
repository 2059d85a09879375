using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>WNOHANG</c>: return 0 at once when the child has not exited.</summary>
    internal const int WNoHang = 1;

    /// <summary><c>ECHILD</c>: no such child (already reaped by someone else).</summary>
    internal const int EChild = 10;

    /// <summary><c>EINTR</c>.</summary>
    internal const int EIntr = 4;

    /// <summary><c>waitpid(2)</c>: reaps <paramref name="pid"/>; its raw wait status in <paramref name="status"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "waitpid", SetLastError = true)]
    internal static unsafe partial int WaitPid(int pid, int* status, int options);
}
