using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Sockets;
using Oslo.Service.Wsgi.AccessLog;
using Oslo.Service.Wsgi.Health;
using Oslo.Service.Wsgi.Interop;
using Oslo.Service.Wsgi.Logging;
using Oslo.Service.Wsgi.Ssl;

namespace Oslo.Service.Wsgi;

/// <summary>
/// oslo's <c>wsgi.Server</c> on Kestrel: a <see cref="ServiceBase"/> that serves an ASP.NET Core app from a listening
/// socket. The constructor only checks its arguments (and, with TLS, loads the files); the socket is bound by
/// <see cref="Bind"/>, or by the first <see cref="StartAsync"/> when nobody called it.
/// </summary>
/// <remarks>
/// <para>Lifecycle (oslo's meaning): <see cref="StartAsync"/> serves from a duplicate of the listening socket (oslo's
/// <c>socket.dup()</c>); <see cref="StopAsync"/> stops accepting and, when graceful, lets requests in flight finish
/// (keep-alive connections are closed after their current response); <see cref="WaitAsync"/> completes when they
/// have (its token is the launcher's graceful deadline: when it fires, what is left is aborted);
/// <see cref="ResetAsync"/> re-reads the TLS files and allows <see cref="StartAsync"/> again. Connections that arrive
/// between a stop and the next start wait in the socket's backlog; none is refused.</para>
/// <para>With a ProcessLauncher, call <see cref="Bind"/> before <c>Launcher.Launch</c>: the parent then owns the
/// socket and every worker, running the same code, takes the parent's socket instead of binding (through
/// <see cref="InheritedSockets.BindOrInherit"/>), so all workers accept from one queue.</para>
/// <para>The wsgi options and their nearest Kestrel meaning: <c>wsgi_default_pool_size</c> = requests running the
/// app at once (the rest wait); <c>max_header_line</c> = longest "Name: value" line (longer: 431), header block
/// limit max(32 KiB, 4 × max_header_line); <c>client_socket_timeout</c> = Kestrel's keep-alive timeout (0: none), the
/// request-headers timeout at most 30 s and connections at most 10 × pool size (see <see cref="ConnectionLimit"/>); <c>wsgi_keep_alive</c> false = <c>Connection: close</c> on every HTTP/1.x response;
/// <c>tcp_keepidle</c> = TCP_KEEPIDLE on the listening socket (inherited by accepted connections);
/// <c>wsgi_log_format</c> = one access line per request on the <see cref="ServerOptions.LoggerName"/> logger at
/// Information; <c>wsgi_server_debug</c> = exception text in 500 bodies; <see cref="ServerOptions.MaxUrlLength"/> =
/// 414 for a longer request target.</para>
/// </remarks>
public sealed partial class Server : ServiceBase, IDrainableService, IAsyncDisposable
{
    private readonly ConfigOpts _conf;
    private readonly WsgiApp _app;
    private readonly ServerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ILogger _accessLogger;
    private readonly TimeProvider _time;
    private readonly int _maxHeaderLine;
    private readonly TimeSpan _clientSocketTimeout;
    private readonly object _gate = new();
    private Socket? _socket;
    private IHost? _host;
    private DrainableListenerFactory? _listeners;
    private ServerState? _state;
    private SslServerContext? _ssl;
    private Task? _stopping;
    private CancellationTokenSource? _abort;
    private bool _draining;

    /// <summary>Creates the server; nothing is bound yet (see <see cref="Bind"/>).</summary>
    /// <param name="conf">The configuration; the wsgi (and, with <see cref="ServerOptions.UseSsl"/>, ssl) options are read from it.</param>
    /// <param name="name">The server's name in log lines, and the key under which workers inherit its socket.</param>
    /// <param name="app">The ASP.NET Core app (a <see cref="Microsoft.AspNetCore.Http.RequestDelegate"/> converts implicitly).</param>
    /// <param name="options">Where and how to listen; <c>new ServerOptions()</c> when null.</param>
    /// <param name="loggerFactory">Where log lines go; none: nothing is logged.</param>
    /// <param name="timeProvider">Clock of the access log and the drain; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="OsloStartupException">Invalid <paramref name="options"/>.</exception>
    /// <exception cref="SslConfigurationException">With <see cref="ServerOptions.UseSsl"/>, a problem in <c>[ssl]</c>.</exception>
    public Server(ConfigOpts conf, string name, WsgiApp app, ServerOptions? options = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(app);
        options ??= new ServerOptions();
        options.Validate();
        WsgiOptions.RegisterOpts(conf);
        _conf = conf;
        Name = name;
        _app = app;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Oslo.Service.Wsgi.Server");
        _accessLogger = _loggerFactory.CreateLogger(options.LoggerName);
        _time = timeProvider ?? TimeProvider.System;
        PoolSize = options.PoolSize ?? Math.Max(1, conf.Get(WsgiOptions.WsgiDefaultPoolSize));
        _maxHeaderLine = conf.Get(WsgiOptions.MaxHeaderLine);
        int timeout = conf.Get(WsgiOptions.ClientSocketTimeout);
        // 0 = never. Kestrel's infinite timeout overflows its deadline arithmetic and closes at once, so "never" is a year.
        _clientSocketTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : TimeSpan.FromDays(365);
        SocketFile = options.SocketFile;
        Host = options.SocketFile ?? options.Host;
        Port = options.SocketFile is null ? options.Port : 0;
        UseSsl = options.UseSsl;
        if (UseSsl)
        {
            SslUtils.IsEnabled(conf);
            // Read the files now, so a bad key or version fails before any worker starts.
            _ssl = SslServerContext.Load(conf, options.TlsPolicy);
        }
    }

    /// <summary>The server's name.</summary>
    public string Name { get; }

    /// <summary>The address to listen on, the bound one once bound (for a Unix socket: its path).</summary>
    public string Host { get; private set; }

    /// <summary>The port: the one asked for until bound, then the real one (when 0 was asked); 0 for a Unix socket.</summary>
    public int Port { get; private set; }

    /// <summary>The Unix socket path, or null for TCP.</summary>
    public string? SocketFile { get; }

    /// <summary>Requests that may run the app at once.</summary>
    public int PoolSize { get; }

    /// <summary>Whether the server serves TLS.</summary>
    public bool UseSsl { get; }

    /// <summary>True from a stop (or <see cref="BeginDrain"/>) until the next start: readiness answers 503.</summary>
    public bool IsDraining => Volatile.Read(ref _draining);

    /// <summary>Requests being served right now.</summary>
    public int RequestsInFlight => _state?.InFlight ?? 0;

    /// <summary>The listening socket, or null before <see cref="Bind"/> (or the first start).</summary>
    public Socket? ListenSocket => Volatile.Read(ref _socket);

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Bind();
        IHost host;
        ServerState state;
        lock (_gate)
        {
            if (_host is not null)
            {
                return;
            }

            state = new ServerState(PoolSize);
            host = BuildHost(state, out var listeners);
            _listeners = listeners;
            _host = host;
            _state = state;
            _stopping = null;
            Volatile.Write(ref _draining, false);
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _host = null;
            }

            host.Dispose();
            state.Dispose();
            throw;
        }

        _logger.ServerStarted(Name, UseSsl ? "https" : "http", PoolSize, Environment.ProcessId);
    }

    /// <summary>
    /// The first phase of a graceful stop (<c>[process_launcher] drain_delay</c>): readiness answers 503 from now on,
    /// while the listener stays open and every other request is served as before; <see cref="StopAsync"/> follows.
    /// </summary>
    /// <returns>True: a server has clients to drain.</returns>
    public bool BeginDrain()
    {
        lock (_gate)
        {
            Volatile.Write(ref _draining, true);
            if (_state is not null)
            {
                _state.NotReady = true;
            }
        }

        _logger.ServerNotReady(Name);
        return true;
    }

    /// <inheritdoc/>
    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        _logger.ServerStopping();
        lock (_gate)
        {
            Volatile.Write(ref _draining, true);
            if (_state is not null)
            {
                _state.Draining = true;
            }

            if (_host is null || _stopping is not null)
            {
                if (!graceful)
                {
                    _abort?.Cancel();
                }

                return Task.CompletedTask;
            }

            _abort = new CancellationTokenSource();
            if (!graceful)
            {
                _abort.Cancel();
            }

            _stopping = StopHostAsync(_host, _state!, _listeners!, graceful, _abort.Token);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        Task? stopping;
        lock (_gate)
        {
            stopping = _stopping;
        }

        if (stopping is null)
        {
            return;
        }

        _logger.ServerWaiting(RequestsInFlight);
        try
        {
            await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The launcher's graceful deadline: abort what is left, then let the caller go.
            _logger.StopAborted(Name, RequestsInFlight);
            _abort?.Cancel();
            throw;
        }
    }

    /// <inheritdoc/>
    public override Task ResetAsync(CancellationToken cancellationToken = default)
    {
        if (UseSsl)
        {
            ReloadTls();
        }

        lock (_gate)
        {
            if (_host is null)
            {
                Volatile.Write(ref _draining, false);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops (not gracefully) and closes the listening socket; a Unix socket file is left, as oslo does.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(graceful: false).ConfigureAwait(false);
        try
        {
            await WaitAsync().ConfigureAwait(false);
        }
        finally
        {
            _socket?.Dispose();
            _ssl?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Server({Name})";

    private void ReloadTls()
    {
        try
        {
            var fresh = SslServerContext.Load(_conf, _options.TlsPolicy);
            var old = Interlocked.Exchange(ref _ssl, fresh);
            _logger.CertificatesReloaded(Name, _conf.Get(SslOptions.CertFile, SslOptions.ConfigSection) ?? "", fresh.Certificate.Subject, fresh.Certificate.NotAfter.ToUniversalTime());
            // The old certificate may still be in use by a handshake of the running server; let the GC release it.
            GC.KeepAlive(old);
        }
        catch (SslConfigurationException ex)
        {
            _logger.CertificateReloadFailed(Name, ex);
        }
    }

    /// <summary>
    /// Completes once no connection is open and none has appeared for a short quiet period. A connection accepted
    /// just before the listener closed is counted only when Kestrel dispatches it; without the quiet period,
    /// Kestrel's stop could close it as idle while its first request is on the way.
    /// </summary>
    private async Task DrainConnectionsAsync(ServerState state, CancellationToken abort)
    {
        await state.WhenNoConnectionsAsync().ConfigureAwait(false);
        for (int quietChecks = 0; quietChecks < 5;)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, abort).ConfigureAwait(false);
            quietChecks = state.Connections == 0 ? quietChecks + 1 : 0;
        }
    }

    /// <summary>
    /// The stop order: stop accepting (other workers take the queue), let open connections finish their current
    /// request and send one more with <c>Connection: close</c> (up to the keep-alive drain), then Kestrel's stop,
    /// which waits for requests still running and closes idle connections; <paramref name="abort"/> ends the wait.
    /// </summary>
    private async Task StopHostAsync(IHost host, ServerState state, DrainableListenerFactory listeners, bool graceful, CancellationToken abort)
    {
        try
        {
            if (graceful)
            {
                await listeners.StopAcceptingAsync().ConfigureAwait(false);
                try
                {
                    await DrainConnectionsAsync(state, abort).WaitAsync(_options.KeepAliveDrain, abort).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Idle keep-alive connections that sent nothing more: Kestrel's stop closes them.
                }
                catch (OperationCanceledException)
                {
                    // Aborted: Kestrel's stop with the cancelled token closes everything.
                }
            }

            await host.StopAsync(abort).ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
            lock (_gate)
            {
                if (ReferenceEquals(_host, host))
                {
                    _host = null;
                }
            }

            state.Dispose();
            _logger.ServerStopped();
        }
    }
}
