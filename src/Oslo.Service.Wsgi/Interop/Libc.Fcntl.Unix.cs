using System.Runtime.InteropServices;

namespace Oslo.Service.Wsgi.Interop;

internal static partial class Libc
{
    /// <summary>Linux/BSD <c>F_DUPFD_CLOEXEC</c>: a duplicate that is not inherited by programs we start.</summary>
    internal const int F_DUPFD_CLOEXEC = 1030;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int cmd, int arg);
}
