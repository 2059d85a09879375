using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>F_GETFD</c>: read the descriptor flags.</summary>
    internal const int FGetFd = 1;

    /// <summary><c>F_SETFD</c>: set the descriptor flags.</summary>
    internal const int FSetFd = 2;

    /// <summary><c>FD_CLOEXEC</c>: close the descriptor on <c>execve</c>.</summary>
    internal const int FdCloExec = 1;

    /// <summary><c>fcntl(2)</c> with an integer argument (F_GETFD / F_SETFD).</summary>
    [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);
}
