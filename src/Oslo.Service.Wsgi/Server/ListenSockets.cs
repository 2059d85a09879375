using System.Net;
using System.Net.Sockets;

namespace Oslo.Service.Wsgi;

/// <summary>oslo's <c>_get_socket</c> and <c>_get_unix_socket</c>: the listening sockets a <see cref="Server"/> binds.</summary>
internal static class ListenSockets
{
    /// <summary>
    /// Resolves <paramref name="host"/> (first address, as oslo's <c>getaddrinfo(...)[0]</c>; a literal is used as
    /// is), binds with SO_REUSEADDR, sets SO_KEEPALIVE and TCP_KEEPIDLE (inherited by accepted connections on Linux)
    /// and listens with <paramref name="backlog"/>. SO_REUSEPORT is not set, as eventlet does not: it would let a second
    /// server bind a port already in use instead of failing (see <see cref="Interop.ReuseAddress"/>: .NET's own
    /// ReuseAddress option would set it).
    /// </summary>
    /// <exception cref="IOException">"Could not bind to host:port" with the cause.</exception>
    public static Socket BindTcp(string host, int port, int backlog, int tcpKeepIdleSeconds)
    {
        IPAddress address;
        if (!IPAddress.TryParse(host, out address!))
        {
            try
            {
                address = Dns.GetHostAddresses(host, AddressFamily.Unspecified) is [var first, ..] ? first : throw new SocketException((int)SocketError.HostNotFound);
            }
            catch (SocketException ex)
            {
                throw new IOException($"Could not bind to {host}:{port}: {ex.Message}", ex);
            }
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Interop.ReuseAddress.Set(socket);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            if (tcpKeepIdleSeconds > 0 && !OperatingSystem.IsMacOS())
            {
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, tcpKeepIdleSeconds);
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"Could not bind to {host}:{port}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Binds a Unix stream socket at <paramref name="path"/>, applies <paramref name="mode"/> (oslo's chmod), then
    /// listens. Without a mode the file keeps the mode the umask gives it, as in oslo (no chmod).
    /// </summary>
    /// <remarks>
    /// oslo chmods after <c>listen</c>; here the mode is set between <c>bind</c> and <c>listen</c>: a connect before
    /// <c>listen</c> is refused, so no client is ever queued on the socket while it still has the umask's mode.
    /// </remarks>
    /// <exception cref="IOException">"Could not bind to path" with the cause (a stale file is not removed, as in oslo).</exception>
    public static Socket BindUnix(string path, UnixFileMode? mode, int backlog)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, m);
            }

            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"Could not bind to {path}: {ex.Message}", ex);
        }
    }
}
