using System.Net.Sockets;

namespace Oslo.Service.Wsgi.Interop;

/// <summary>
/// SO_REUSEADDR alone, as eventlet's <c>listen()</c> sets it. .NET's <see cref="SocketOptionName.ReuseAddress"/>
/// sets SO_REUSEPORT as well on Linux and macOS, and with SO_REUSEPORT a second process binding a port this server
/// already listens on succeeds instead of failing: the kernel then hands part of the new connections to a socket
/// that nobody accepts from, and those clients hang. The option is set by number, without SO_REUSEPORT.
/// </summary>
internal static class ReuseAddress
{
    private static readonly byte[] s_enabled = BitConverter.GetBytes(1);

    /// <summary>Sets SO_REUSEADDR (only) on <paramref name="socket"/>; on Windows nothing, as eventlet.</summary>
    public static void Set(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            // <asm-generic/socket.h>: SOL_SOCKET 1, SO_REUSEADDR 2.
            socket.SetRawSocketOption(1, 2, s_enabled);
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // <sys/socket.h> on the BSDs: SOL_SOCKET 0xffff, SO_REUSEADDR 4.
            socket.SetRawSocketOption(0xffff, 4, s_enabled);
        }
    }

    /// <summary>Whether SO_REUSEPORT is set on <paramref name="socket"/> (Linux: SOL_SOCKET 1, SO_REUSEPORT 15).</summary>
    internal static bool IsReusePortSet(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte[] value = new byte[4];
        socket.GetRawSocketOption(1, 15, value);
        return BitConverter.ToInt32(value) != 0;
    }
}
