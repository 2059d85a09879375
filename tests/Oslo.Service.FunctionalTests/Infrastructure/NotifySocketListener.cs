using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.FunctionalTests.Infrastructure;

/// <summary>A bound AF_UNIX datagram socket standing in for systemd's notify socket.</summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket;
    private readonly string _path;

    public NotifySocketListener()
    {
        _path = Path.Combine(Path.GetTempPath(), $"oslo-ft-notify-{Guid.NewGuid():N}.sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(_path));
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string NotifySocket => _path;

    /// <summary>
    /// The next datagram, within the deadline, skipping <c>EXTEND_TIMEOUT_USEC=</c>: those are progress notes sent
    /// every 5 s while a start or a stop lasts (a loaded machine's start may send one), not state changes.
    /// </summary>
    public async Task<string> ReceiveAsync(TimeSpan? deadline = null)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(deadline ?? TestHostProcess.DefaultDeadline);
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                string message = Encoding.UTF8.GetString(buffer, 0, received);
                if (!message.StartsWith("EXTEND_TIMEOUT_USEC=", StringComparison.Ordinal))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No systemd notification before the deadline.");
        }
    }

    /// <summary>Datagrams until one starts with <paramref name="prefix"/>; returns them all.</summary>
    public async Task<List<string>> ReceiveUntilAsync(string prefix, TimeSpan? deadline = null)
    {
        var all = new List<string>();
        while (true)
        {
            string message = await ReceiveAsync(deadline);
            all.Add(message);
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return all;
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(_path);
    }
}
