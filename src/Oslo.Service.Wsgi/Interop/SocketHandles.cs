using System.Net.Sockets;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Wsgi.Interop;

/// <summary>Duplicates listening sockets for Kestrel, which closes the handle it is given when it stops.</summary>
internal static class SocketHandles
{
    /// <summary>
    /// oslo's <c>socket.dup()</c> at every <c>start()</c>: Kestrel owns and closes the duplicate; the server keeps
    /// the original, so the listening socket (and the connections queued on it) survives a stop/start.
    /// </summary>
    public static ulong DuplicateForKestrel(Socket socket)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The wsgi Server serves from a socket bound before start and passed to Kestrel by handle; that needs a Unix system.");
        }

        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        int dup = Libc.Fcntl(fd, Libc.FDupFdCloExec, 0);
        if (dup < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return (ulong)dup;
    }
}
