using System.Globalization;
using System.Net;
using System.Net.Sockets;

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
    /// Binds a Unix socket at <paramref name="path"/> with mode 0600, replacing a stale file. The socket is bound in
    /// a private (0700) directory beside the target, made 0600, then renamed over the target, so it is never
    /// reachable with the umask's looser mode and a stale file is replaced atomically.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static BackdoorEndpoint BindUnix(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? "/";
        string staging = Path.Combine(directory, ".backdoor-" + Path.GetRandomFileName());
        string stagingSocket = Path.Combine(staging, "s");
        if (System.Text.Encoding.UTF8.GetByteCount(stagingSocket) >= 100)
        {
            return BindUnixInPlace(full);
        }

        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            Socket socket = ListenUnix(stagingSocket);
            try
            {
                File.Move(stagingSocket, full, overwrite: true);
                return new BackdoorEndpoint(socket, full, full, full);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    // Paths too long to stage beside (sun_path holds 108 bytes): oslo's way, unlink a stale file and bind, then chmod.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static BackdoorEndpoint BindUnixInPlace(string full)
    {
        try
        {
            File.Delete(full);
        }
        catch (DirectoryNotFoundException)
        {
            // Binding below reports the missing directory.
        }

        Socket socket = ListenUnix(full);
        return new BackdoorEndpoint(socket, full, full, full);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static Socket ListenUnix(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
