using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.Backdoor.Tests.Infrastructure;

/// <summary>A console connection as nc or socat would make it: raw lines out, text until the next prompt back.</summary>
internal sealed class ConsoleClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[65536];

    private ConsoleClient(Socket socket)
    {
        _socket = socket;
    }

    internal Socket Socket => _socket;

    /// <summary>The banner (or the token question) the console sent first.</summary>
    internal string Banner { get; private set; } = "";

    internal static async Task<ConsoleClient> ConnectTcpAsync(int port, bool readBanner = true, string until = ">>> ")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(HostProcess.Deadline);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        return await OpenAsync(socket, readBanner, until);
    }

    internal static async Task<ConsoleClient> ConnectUnixAsync(string path, bool readBanner = true)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = new CancellationTokenSource(HostProcess.Deadline);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token);
        return await OpenAsync(socket, readBanner, ">>> ");
    }

    /// <summary>Sends one line and returns what came back before the next prompt (the prompt removed).</summary>
    internal async Task<string> RunAsync(string line, TimeSpan? timeout = null)
    {
        await SendRawAsync(line + "\n");
        return await ReadUntilAsync(">>> ", timeout);
    }

    internal async Task SendRawAsync(string text) => await SendBytesAsync(Encoding.UTF8.GetBytes(text));

    internal async Task SendBytesAsync(byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(HostProcess.Deadline);
        await _socket.SendAsync(bytes, SocketFlags.None, deadline.Token);
    }

    /// <summary>Reads until <paramref name="marker"/> ends the received text; returns the text before it.</summary>
    internal async Task<string> ReadUntilAsync(string marker, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? HostProcess.Deadline);
        while (true)
        {
            string text = _pending.ToString();
            int at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _pending.Remove(0, at + marker.Length);
                return text[..at];
            }

            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer, SocketFlags.None, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{marker}' from the console within the deadline; received so far:\n{text}");
            }

            if (read == 0)
            {
                string rest = _pending.ToString();
                _pending.Clear();
                return rest + "<closed>";
            }

            _pending.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<ConsoleClient> OpenAsync(Socket socket, bool readBanner, string until)
    {
        var client = new ConsoleClient(socket);
        if (readBanner)
        {
            client.Banner = await client.ReadUntilAsync(until);
        }

        return client;
    }
}
