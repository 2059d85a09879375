using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.Tests.Systemd;

/// <summary>A bound AF_UNIX datagram socket standing in for systemd's notify socket (path or abstract).</summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket;
    private readonly string? _path;

    private NotifySocketListener(string notifySocket, string? path, EndPoint endPoint)
    {
        NotifySocket = notifySocket;
        _path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(endPoint);
    }

    /// <summary>The value to put in NOTIFY_SOCKET.</summary>
    public string NotifySocket { get; }

    public static NotifySocketListener BindPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"oslo-notify-{Guid.NewGuid():N}.sock");
        return new NotifySocketListener(path, path, new UnixDomainSocketEndPoint(path));
    }

    public static NotifySocketListener BindAbstract()
    {
        string name = $"oslo-notify-{Guid.NewGuid():N}";
        return new NotifySocketListener("@" + name, null, new UnixDomainSocketEndPoint("\0" + name));
    }

    /// <summary>The next datagram, or throws when none arrives before the deadline.</summary>
    public async Task<string> ReceiveAsync(TimeSpan? deadline = null)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(10));
        int received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    /// <summary>Datagrams until one satisfies <paramref name="match"/>; returns all of them.</summary>
    public async Task<List<string>> ReceiveUntilAsync(Func<string, bool> match, TimeSpan? deadline = null)
    {
        var all = new List<string>();
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            string message = await ReceiveAsync(TimeSpan.FromSeconds(10)).WaitAsync(cts.Token);
            all.Add(message);
            if (match(message))
            {
                return all;
            }
        }
    }

    /// <summary>True when a datagram is waiting right now.</summary>
    public bool HasPending => _socket.Available > 0;

    public void Dispose()
    {
        _socket.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }
}
