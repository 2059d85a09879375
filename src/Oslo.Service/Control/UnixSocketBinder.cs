using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Oslo.Service.Control;

/// <summary>
/// Binds a listening Unix socket with mode 0600 so it is never reachable with a looser mode: bound in a private
/// (0700) directory beside the target, made 0600, then renamed over the target (which also replaces a stale socket
/// atomically). A live socket at the path — another instance listening — is an error, not replaced.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class UnixSocketBinder
{
    private const int Backlog = 16;

    /// <exception cref="InvalidOperationException">Something listens on <paramref name="path"/> already, or it is not a socket.</exception>
    internal static Socket Bind(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? "/";
        if (Directory.Exists(full) || (File.Exists(full) && new FileInfo(full).Length > 0))
        {
            throw new InvalidOperationException($"{full} exists and is not a socket; not replacing it");
        }

        if (File.Exists(full) && IsLive(full))
        {
            throw new InvalidOperationException($"another process listens on {full} already");
        }

        string staging = System.IO.Path.Combine(directory, ".oslo-ctl-" + System.IO.Path.GetRandomFileName());
        string stagingSocket = System.IO.Path.Combine(staging, "s");
        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Bind(new UnixDomainSocketEndPoint(stagingSocket));
                File.SetUnixFileMode(stagingSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                socket.Listen(Backlog);
                File.Move(stagingSocket, full, overwrite: true);
                return socket;
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

    private static bool IsLive(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
