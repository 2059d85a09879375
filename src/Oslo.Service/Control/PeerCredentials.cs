using System.Net.Sockets;
using System.Runtime.Versioning;

using Oslo.Service.Interop;

namespace Oslo.Service.Control;

/// <summary>Who is at the other end of a connected Unix socket, from the kernel (<c>SO_PEERCRED</c>): not forgeable.</summary>
/// <param name="Pid">The peer's process id when it connected.</param>
/// <param name="Uid">Its effective user id.</param>
/// <param name="Gid">Its effective group id.</param>
internal readonly record struct PeerCredentials(int Pid, int Uid, int Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads the credentials of <paramref name="socket"/>'s peer (Linux).</summary>
    [SupportedOSPlatform("linux")]
    internal static PeerCredentials Of(Socket socket)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        int length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (length < 12)
        {
            throw new SocketException((int)SocketError.ProtocolNotSupported);
        }

        return new PeerCredentials(BitConverter.ToInt32(ucred), BitConverter.ToInt32(ucred[4..]), BitConverter.ToInt32(ucred[8..]));
    }

    /// <summary>Only the service's own user and root may steer it.</summary>
    internal bool MayControl(uint ownerUid) => Uid == 0 || (uint)Uid == ownerUid;

    /// <summary>This process's effective uid.</summary>
    internal static uint OwnUid => Libc.GetEuid();
}
