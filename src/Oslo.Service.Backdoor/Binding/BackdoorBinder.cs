using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Oslo.Service.Control;

namespace Oslo.Service.Backdoor.Binding;

/// <summary>
/// Opens the backdoor's listening socket: TCP on the loopback address only (never another interface), or a Unix
/// socket created with mode 0600.
/// </summary>
internal static class BackdoorBinder
{
    private const int Backlog = 50;

    /// <summary>
    /// Binds the lowest free port of <paramref name="range"/> on 127.0.0.1 (port 0: one the system picks).
    /// Returns null when every port of the range is in use; oslo raises there, although its help text promises
    /// "not enabling backdoor if that port is in use".
    /// </summary>
    internal static BackdoorEndpoint? BindTcp(BackdoorPortRange range)
    {
        for (int port = range.Start; port <= range.End; port++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                socket.Listen(Backlog);
                var local = (IPEndPoint)socket.LocalEndPoint!;
                string published = local.Port.ToString(CultureInfo.InvariantCulture);
                return new BackdoorEndpoint(socket, local.ToString(), published, null);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return null;
    }

    /// <summary>
    /// Binds a Unix socket at <paramref name="path"/> with mode 0600, replacing a stale socket; the control socket's
    /// binder (staged in a private directory, renamed into place; a live socket or a file that is not a socket is
    /// refused). oslo unlinks whatever is at the path and binds in place, with the umask's mode until its chmod.
    /// </summary>
    /// <exception cref="UnixSocketBinder.PathTakenException">Another process listens at the path, or something other than a socket is there.</exception>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static BackdoorEndpoint BindUnix(string path)
    {
        string full = Path.GetFullPath(path);
        Socket socket = UnixSocketBinder.Bind(full, Backlog, "backdoor");
        return new BackdoorEndpoint(socket, full, full, full);
    }
}
