using System.Text;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Oslo.Service.Wsgi;

/// <summary>
/// The per-worker bounds on clients that the wsgi options do not give Kestrel by themselves: how many connections a
/// worker holds open, and how long a client may take to send its request headers.
/// </summary>
/// <remarks>
/// <para>In eventlet, <c>wsgi_default_pool_size</c> greenthreads serve that many <em>connections</em>; past it, new
/// connections wait in the listen backlog, so a hundred idle or slow clients stop a worker. Here the pool bounds the
/// requests running the app at once (the rest wait their turn), and connections are bounded separately at
/// <see cref="ConnectionsPerPoolSlot"/> × pool size (1000 by default): past it, a new plain-HTTP connection is
/// answered <c>503 Service Unavailable</c> with <c>Retry-After: 1</c> and closed (a TLS one is closed), and a
/// WARNING says so at most every 10 s with the count refused.</para>
/// <para>The header deadline (<see cref="HeaderDeadline"/>, Kestrel's own default) applies whatever
/// <c>client_socket_timeout</c> is: that option keeps its oslo meaning, the idle time between requests (900 s by
/// default), but a client that has begun a request must finish its header block within 30 s (less when
/// <c>client_socket_timeout</c> is shorter), or it is answered 408 and closed. That is what cuts off slowloris.</para>
/// </remarks>
internal sealed partial class ConnectionLimit
{
    /// <summary>Open connections per worker per request slot of the pool.</summary>
    internal const int ConnectionsPerPoolSlot = 10;

    /// <summary>The longest a client may take to send a request's header block.</summary>
    internal static readonly TimeSpan HeaderDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_reportEvery = TimeSpan.FromSeconds(10);
    private const string RefusalBody = "Too many connections; try again later\n";
    private static readonly byte[] s_refusal = Encoding.ASCII.GetBytes(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + RefusalBody.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + RefusalBody);

    private readonly string _name;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _lastReport;
    private int _refused;

    internal ConnectionLimit(int poolSize, string name, ILogger logger, TimeProvider time)
    {
        Max = (int)Math.Min(int.MaxValue, (long)poolSize * ConnectionsPerPoolSlot);
        _name = name;
        _logger = logger;
        _time = time;
    }

    /// <summary>Connections a worker holds open at once.</summary>
    internal int Max { get; }

    /// <summary>Kestrel's request-headers timeout for a <c>client_socket_timeout</c>: never longer than the header deadline.</summary>
    internal static TimeSpan RequestHeadersTimeout(TimeSpan clientSocketTimeout) =>
        clientSocketTimeout < HeaderDeadline ? clientSocketTimeout : HeaderDeadline;

    /// <summary>Answers a connection over <see cref="Max"/> (see <see cref="ServerState.TryConnectionOpened"/>) with a 503
    /// (plain HTTP), counts it for the next report, and leaves it to be closed.</summary>
    /// <param name="connection">The refused connection, before TLS.</param>
    /// <param name="tls">Whether the port speaks TLS (then nothing is written: a plaintext 503 would be garbage to the client).</param>
    internal async ValueTask RefuseAsync(ConnectionContext connection, bool tls)
    {
        Report();
        if (!tls)
        {
            try
            {
                await connection.Transport.Output.WriteAsync(s_refusal).ConfigureAwait(false);
                await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException)
            {
                // The client already left.
            }
        }
    }

    // One line per interval with the count, not one per refused connection: a flood must not become a log flood.
    private void Report()
    {
        int refused;
        lock (_lock)
        {
            _refused++;
            long now = _time.GetTimestamp();
            if (_lastReport != 0 && _time.GetElapsedTime(_lastReport, now) < s_reportEvery)
            {
                return;
            }

            _lastReport = now;
            refused = _refused;
            _refused = 0;
        }

        ConnectionLimitReached(_logger, _name, Max, refused);
    }

    [LoggerMessage(EventId = 6040, EventName = "ConnectionLimitReached", Level = LogLevel.Warning,
        Message = "{Name}: connection limit of {Max} reached (10 x wsgi_default_pool_size); {Refused} connection(s) answered 503 and closed since the last report")]
    private static partial void ConnectionLimitReached(ILogger logger, string name, int max, int refused);
}
