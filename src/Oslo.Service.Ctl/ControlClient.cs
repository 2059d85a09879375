using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Oslo.Service.Ctl;

/// <summary>One request to the service's control socket and its reply (see the service's ControlServer).</summary>
internal static class ControlClient
{
    /// <summary>Sends <paramref name="command"/> and returns the reply's root element.</summary>
    /// <exception cref="CtlException">The socket is missing or stale, or the reply is not a reply.</exception>
    internal static async Task<JsonElement> SendAsync(string socketPath, string command, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported
            || !File.Exists(socketPath))
        {
            throw new CtlException($"no control socket at {socketPath}: is the service running with [control] socket_path = {socketPath}?");
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new CtlException($"stale control socket at {socketPath}: nothing listens on it (the service is not running)");
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new CtlException($"permission denied on {socketPath}: run oslo-ctl as the service's user or root");
        }

        using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new MemoryStream();
        using (var json = new Utf8JsonWriter(request))
        {
            json.WriteStartObject();
            json.WriteString("command", command);
            json.WriteStartArray("args");
            foreach (string arg in args)
            {
                json.WriteStringValue(arg);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        request.WriteByte((byte)'\n');
        try
        {
            await stream.WriteAsync(request.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new CtlException($"the service closed {socketPath} before taking the request: {exception.Message}");
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? line;
        try
        {
            line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new CtlException($"the service closed {socketPath} without a reply: {exception.Message}");
        }

        if (string.IsNullOrEmpty(line))
        {
            throw new CtlException($"the service closed {socketPath} without a reply");
        }

        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}

/// <summary>A failure oslo-ctl reports in one line and exits non-zero with.</summary>
internal sealed class CtlException(string message) : Exception(message);
