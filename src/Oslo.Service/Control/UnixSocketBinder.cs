using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

using Oslo.Service.Interop;

namespace Oslo.Service.Control;

/// <summary>
/// Binds a listening Unix socket with mode 0600 so it is never reachable with a looser mode. The one implementation
/// behind the control socket (<c>[control] socket_path</c>) and the debug console's <c>backdoor_socket</c>.
/// </summary>
/// <remarks>
/// The socket is bound in a private (0700) staging directory beside the target, made 0600, put in the listening
/// state, then renamed over the target, so a stale socket left by a crash is replaced atomically. Refused rather than
/// replaced: a live socket at the path (another instance listening) and anything that is not a socket (a directory,
/// a file with content). Where the staging path would not fit in <c>sun_path</c> (108 bytes), the staging directory
/// is reached through <c>/proc/self/fd/N</c> of an <c>O_PATH</c> descriptor, so a long path is staged too: the
/// alternative, binding in place and then <c>chmod</c>, leaves the socket reachable with the umask's mode between
/// the two calls.
/// </remarks>
[UnsupportedOSPlatform("windows")]
internal static class UnixSocketBinder
{
    /// <summary>The listen backlog when the caller does not choose one.</summary>
    internal const int DefaultBacklog = 16;

    // sun_path is 108 bytes with its terminating NUL.
    private const int MaxSocketPathBytes = 107;

    /// <summary>Binds <paramref name="path"/> (0600) and listens on it.</summary>
    /// <param name="path">Where the socket goes; relative paths resolve against the current directory.</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="label">Names the staging directory (<c>.label-random</c>), for someone who finds one left over.</param>
    /// <exception cref="PathTakenException">Something listens on <paramref name="path"/> already, or it is not a socket.</exception>
    /// <exception cref="IOException">The path is too long to stage on this system, or the staging directory failed.</exception>
    /// <exception cref="SocketException">The bind or listen failed (a missing directory, permissions).</exception>
    internal static Socket Bind(string path, int backlog = DefaultBacklog, string label = "oslo-socket")
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? "/";
        if (Directory.Exists(full) || (File.Exists(full) && new FileInfo(full).Length > 0))
        {
            throw new PathTakenException($"{full} exists and is not a socket; not replacing it");
        }

        if (File.Exists(full) && IsLive(full))
        {
            throw new PathTakenException($"another process listens on {full} already");
        }

        string staging = Path.Combine(directory, "." + label + "-" + Path.GetRandomFileName());
        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            string stagingSocket = Path.Combine(staging, "s");
            if (Encoding.UTF8.GetByteCount(stagingSocket) <= MaxSocketPathBytes)
            {
                return ListenAndMove(stagingSocket, full, backlog);
            }

            if (!OperatingSystem.IsLinux())
            {
                throw new IOException($"{full} is too long to bind safely on this system (sun_path holds {MaxSocketPathBytes} bytes)");
            }

            int fd = Libc.Open(staging, Libc.OPath | Libc.OCloExec);
            if (fd < 0)
            {
                throw new IOException($"cannot open {staging}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            try
            {
                return ListenAndMove(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}/s"), full, backlog);
            }
            finally
            {
                _ = Libc.Close(fd);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static Socket ListenAndMove(string stagingSocket, string full, int backlog)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(stagingSocket));
            File.SetUnixFileMode(stagingSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(backlog);
            File.Move(stagingSocket, full, overwrite: true);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
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
        catch (Exception exception) when (exception is SocketException or ArgumentOutOfRangeException)
        {
            // Refused (a stale socket), or a path too long to connect to by name: nobody listens there by name.
            return false;
        }
    }

    /// <summary>The path is another process's live socket, or not a socket at all: refused, not replaced.</summary>
    internal sealed class PathTakenException(string message) : IOException(message);
}
