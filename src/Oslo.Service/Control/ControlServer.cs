using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Logging;

using Oslo.Service.Metrics;

namespace Oslo.Service.Control;

/// <summary>
/// The parent's end of <c>oslo-ctl</c>: a Unix stream socket, mode 0600, one request per connection — a JSON line
/// <c>{"command": "...", "args": [...]}</c> answered by a JSON line <c>{"ok": bool, "message": "...", "data": ...}</c>.
/// Every client's credentials are read from the kernel (<c>SO_PEERCRED</c>) before its request: only the service's
/// own uid and root are served; anyone else gets one refusal line, and the attempt is logged.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ControlServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 64 * 1024;

    private readonly Socket _listener;
    private readonly Func<ControlRequest, CancellationToken, Task<ControlReply>> _handle;
    private readonly ILogger _logger;
    private readonly uint _ownerUid = PeerCredentials.OwnUid;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private ControlServer(Socket listener, string path, Func<ControlRequest, CancellationToken, Task<ControlReply>> handle, ILogger logger)
    {
        _listener = listener;
        Path = path;
        _handle = handle;
        _logger = logger;
        _accepting = AcceptAsync();
    }

    /// <summary>Where it listens.</summary>
    internal string Path { get; }

    /// <summary>Binds <paramref name="path"/> safely (see <see cref="UnixSocketBinder"/>) and starts serving.</summary>
    internal static ControlServer Start(string path, Func<ControlRequest, CancellationToken, Task<ControlReply>> handle, ILogger logger)
    {
        Socket listener = UnixSocketBinder.Bind(path);
        logger.ControlSocketListening(path);
        return new ControlServer(listener, path, handle, logger);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Someone else's now, or gone.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var stream = new NetworkStream(client, ownsSocket: false);
            await using (stream.ConfigureAwait(false))
            {
                PeerCredentials peer = PeerCredentials.Of(client);
                ControlReply reply = await ReplyAsync(stream, peer).ConfigureAwait(false);
                try
                {
                    await stream.WriteAsync(reply.ToJsonLine(), _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client went away.
                }
            }
        }
    }

    private async Task<ControlReply> ReplyAsync(NetworkStream stream, PeerCredentials peer)
    {
        // The request is read (bounded, with a deadline) before the refusal too: closing with it unread would reset
        // the connection, and the client would see a broken pipe instead of the reason.
        string line;
        try
        {
            line = await ReadLineAsync(stream).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            return ControlReply.Fail("could not read the request: " + exception.Message);
        }

        if (!peer.MayControl(_ownerUid))
        {
            _logger.ControlPeerRefused(peer.Uid, peer.Pid, (int)_ownerUid);
            return ControlReply.Fail($"permission denied: uid {peer.Uid} may not control this service (only uid {_ownerUid} and root may)");
        }

        ControlRequest request;
        try
        {
            request = ControlRequest.Parse(line);
        }
        catch (JsonException exception)
        {
            return ControlReply.Fail("not a control request: " + exception.Message);
        }

        _logger.ControlCommandReceived(request.Describe(), peer.Uid, peer.Pid);
        try
        {
            return await _handle(request, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.ControlCommandFailed(request.Describe(), exception);
            return ControlReply.Fail(exception.Message);
        }
    }

    private async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        byte[] buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            int read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
            bytes.AddRange(buffer.AsSpan(0, newline >= 0 ? newline : read));
            if (newline >= 0 || read == 0)
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            if (bytes.Count > MaxRequestBytes)
            {
                throw new InvalidDataException("request too long");
            }
        }
    }
}
