using System.Net.Sockets;
using System.Text;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Interop;
using Oslo.Service.Logging;

namespace Oslo.Service.Systemd;

/// <summary>
/// Speaks systemd's notify protocol (<c>sd_notify</c>): one datagram per message to the <c>AF_UNIX</c> socket named
/// by <c>NOTIFY_SOCKET</c> (a path, or <c>@name</c> for the abstract namespace). Silent when not under systemd.
/// </summary>
internal sealed class SystemdNotifier
{
    /// <summary>The environment variable systemd sets for <c>Type=notify</c> units.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly ILogger _logger;

    /// <summary>Creates a notifier that sends to <paramref name="notifySocket"/>; null or empty makes it a no-op.</summary>
    /// <param name="notifySocket">The value of <c>NOTIFY_SOCKET</c>: a path, or <c>@name</c> for an abstract socket.</param>
    /// <param name="logger">Where send failures are logged at debug level (systemd treats them as ignorable).</param>
    public SystemdNotifier(string? notifySocket, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        if (!string.IsNullOrEmpty(notifySocket) && Platform.SupportsSystemd && !notifySocket.StartsWith("vsock:", StringComparison.Ordinal))
        {
            NotifySocket = notifySocket;
            _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        }
    }

    /// <summary>The socket this notifier sends to, or null when it is a no-op.</summary>
    public string? NotifySocket { get; }

    /// <summary>True when messages are actually sent.</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>
    /// Creates a notifier from <c>NOTIFY_SOCKET</c> and removes the variable from this process's environment, so
    /// that child processes started later (workers, helpers) do not talk to systemd on our behalf.
    /// </summary>
    /// <param name="logger">Where send failures are logged.</param>
    public static SystemdNotifier FromEnvironment(ILogger? logger = null)
    {
        string? socket = Environment.GetEnvironmentVariable(NotifySocketVariable);
        if (socket is not null)
        {
            Environment.SetEnvironmentVariable(NotifySocketVariable, null);
        }

        return new SystemdNotifier(socket, logger);
    }

    /// <summary>Sends one message made of newline-separated <c>KEY=VALUE</c> lines.</summary>
    /// <returns>True when the datagram was sent; false when disabled or when sending failed (logged at debug).</returns>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_endPoint is null)
        {
            return false;
        }

        try
        {
            // Non-blocking: a notify socket nobody reads (its queue full) must not stall the launcher's loop.
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
            socket.Connect(_endPoint);
            socket.Send(Encoding.UTF8.GetBytes(state));
            return true;
        }
        catch (SocketException exception)
        {
            _logger.SystemdNotificationFailed(NotifySocket!, exception);
            return false;
        }
    }

    /// <summary>Sends <c>READY=1</c> (start or reload finished), with an optional <c>STATUS=</c> line.</summary>
    public bool NotifyReady(string? status = null) => Notify(NotifyMessages.Ready(status));

    /// <summary>Sends <c>STOPPING=1</c>, with an optional <c>STATUS=</c> line.</summary>
    public bool NotifyStopping(string? status = null) => Notify(NotifyMessages.Stopping(status));

    /// <summary>Sends <c>RELOADING=1</c> with <c>MONOTONIC_USEC</c> now, as <c>Type=notify-reload</c> requires.</summary>
    public bool NotifyReloading(string? status = null) =>
        Notify(NotifyMessages.Reloading(MonotonicClock.GetMicroseconds(), status));

    /// <summary>Sends <c>STATUS=</c>.</summary>
    public bool NotifyStatus(string status) => Notify(NotifyMessages.Status(status));

    /// <summary>Sends <c>EXTEND_TIMEOUT_USEC=</c>: a start or stop still progressing gets <paramref name="extension"/> more.</summary>
    public bool NotifyExtendTimeout(TimeSpan extension) => Notify(NotifyMessages.ExtendTimeout(extension));

    /// <summary>Sends the watchdog keep-alive <c>WATCHDOG=1</c>.</summary>
    public bool NotifyWatchdog() => Notify(NotifyMessages.Watchdog);
}
