using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>AF_UNIX</c>.</summary>
    internal const int AfUnix = 1;

    /// <summary><c>SOCK_STREAM</c>.</summary>
    internal const int SockStream = 1;

    /// <summary><c>SOCK_CLOEXEC</c> (Linux value; OR-ed into the type).</summary>
    internal const int SockCloExec = 0x80000;

    /// <summary><c>socketpair(2)</c>: two connected sockets; <paramref name="fds"/> must hold two ints.</summary>
    [LibraryImport(LibraryName, EntryPoint = "socketpair", SetLastError = true)]
    internal static unsafe partial int SocketPair(int domain, int type, int protocol, int* fds);
}
