using System.Net;
using System.Net.Sockets;

using Oslo.Config;
using Oslo.Service.Sockets;
using Oslo.Service.Wsgi.Logging;

namespace Oslo.Service.Wsgi;

// The listening socket: bound once (or inherited from the parent, or activated by systemd) and kept across restarts.
public sealed partial class Server
{
    private static readonly Dictionary<string, int> s_keyCounts = new(StringComparer.Ordinal);

    /// <summary>
    /// Binds the listening socket now (oslo's constructor did): in a ProcessLauncher's parent, before the workers
    /// start, so they inherit it; in a worker this takes the parent's socket. Safe to call again.
    /// </summary>
    /// <exception cref="ServerBindException">"Could not bind to host:port: reason", e.g. the port is in use.</exception>
    public void Bind()
    {
        lock (_gate)
        {
            if (_socket is not null)
            {
                return;
            }

            int backlog = _options.Backlog;
            if (_options.SocketFile is { } path)
            {
                _socket = BindOrThrow(path, () => ListenSockets.BindUnix(path, _options.SocketMode, backlog));
                _logger.ServerListeningUnix(Name, path);
                return;
            }

            string host = _options.Host;
            int port = _options.Port;
            int keepIdle = _conf.Get(WsgiOptions.TcpKeepidle);
            string endpoint = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
            _socket = BindOrThrow(endpoint, () => ListenSockets.BindTcp(host, port, backlog, keepIdle));
            var bound = (IPEndPoint)_socket.LocalEndPoint!;
            Host = bound.Address.ToString();
            Port = bound.Port;
            _logger.ServerListening(Name, Host, Port);
        }
    }

    /// <summary>
    /// The key under which a worker process inherits this server's socket from its parent, and under which a
    /// systemd-activated socket is taken (<c>FileDescriptorName=</c>): the server's name, with every character
    /// systemd does not allow in a descriptor name replaced by '_', plus <c>-N</c> for the N-th further server of
    /// that name in this process (a worker runs the same code, so it asks for the same keys in the same order).
    /// </summary>
    private static string SocketKey(string name)
    {
        string identity = string.Create(name.Length, name, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            }
        });
        lock (s_keyCounts)
        {
            int n = s_keyCounts.TryGetValue(identity, out int seen) ? seen : 0;
            s_keyCounts[identity] = n + 1;
            return n == 0 ? identity : $"{identity}-{n}";
        }
    }

    private Socket BindOrThrow(string endpoint, Func<Socket> bind)
    {
        try
        {
            return InheritedSockets.BindOrInherit(SocketKey(Name), bind);
        }
        catch (IOException ex)
        {
            // The caller prints one line ("Cannot start: Could not bind to …") and exits; no error log with a trace here.
            string reason = ex.InnerException is System.Net.Sockets.SocketException socketError ? socketError.Message : ex.Message;
            throw new ServerBindException(endpoint, reason, ex.InnerException ?? ex);
        }
    }
}
