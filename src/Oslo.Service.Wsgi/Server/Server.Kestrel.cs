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
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Wsgi.AccessLog;
using Oslo.Service.Wsgi.Health;
using Oslo.Service.Wsgi.Interop;
using Oslo.Service.Wsgi.Logging;
using Oslo.Service.Wsgi.Ssl;

namespace Oslo.Service.Wsgi;

// The Kestrel web host each start builds over a duplicate of the listening socket, and its limits and TLS.
public sealed partial class Server
{
    private IHost BuildHost(ServerState state, out DrainableListenerFactory listeners)
    {
        var drainable = listeners = new DrainableListenerFactory(new SocketTransportFactory(
            Options.Create(new SocketTransportOptions { Backlog = _options.Backlog }), new WebHostLoggerFactory(_loggerFactory)));
        string? format = _conf.Get(WsgiOptions.WsgiLogFormat);
        var settings = new PipelineSettings(
            string.IsNullOrEmpty(format) ? null : AccessLogFormat.Parse(format),
            _conf.Get(WsgiOptions.WsgiServerDebug),
            _conf.Get(WsgiOptions.WsgiKeepAlive),
            _options.MaxUrlLength,
            _maxHeaderLine,
            _options.Health);

        return new HostBuilder()
            .ConfigureServices(services =>
            {
                // The launcher owns the signals; the web host must not install its own (ConsoleLifetime would).
                services.AddSingleton<IHostLifetime, LauncherOwnedLifetime>();
                services.AddSingleton<ILoggerFactory>(new WebHostLoggerFactory(_loggerFactory));
                services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
                _app.ConfigureServices?.Invoke(services);
            })
            .ConfigureWebHost(web =>
            {
                web.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
                web.UseKestrel(k => ConfigureKestrel(k, state));
                // Registered after UseKestrel's socket transport: Kestrel uses the last registered factory.
                web.ConfigureServices(services => services.AddSingleton<IConnectionListenerFactory>(drainable));
                web.Configure(builder =>
                {
                    builder.Use(next => new ServerPipeline(next, settings, state, _accessLogger, _logger, _time).InvokeAsync);
                    _app.Configure(builder);
                });
            })
            .Build();
    }

    private void ConfigureKestrel(KestrelServerOptions k, ServerState state)
    {
        k.Limits.MaxRequestLineSize = _options.MaxUrlLength is { } url ? Math.Max(8192, url + 64) : 8192;
        k.Limits.MaxRequestHeadersTotalSize = Math.Max(32 * 1024, 4 * _maxHeaderLine);
        k.Limits.KeepAliveTimeout = _clientSocketTimeout;
        k.Limits.RequestHeadersTimeout = ConnectionLimit.RequestHeadersTimeout(_clientSocketTimeout);
        var limit = new ConnectionLimit(PoolSize, Name, _logger, _time);
        ulong handle = SocketHandles.DuplicateForKestrel(_socket!);
        k.ListenHandle(handle, listen =>
        {
            // Counts connections (before TLS), so a graceful stop knows when every client has gone.
            listen.Use(next => async connection =>
            {
                // Kestrel sets TCP_NODELAY only on sockets it accepted from endpoints it bound itself; without it,
                // TLS records of one response wait on Nagle and delayed ACKs (40 ms stalls).
                if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { ProtocolType: ProtocolType.Tcp } socket)
                {
                    socket.NoDelay = true;
                }

                if (!state.TryConnectionOpened(limit.Max))
                {
                    await limit.RefuseAsync(connection, UseSsl).ConfigureAwait(false);
                    return;
                }

                try
                {
                    await next(connection).ConfigureAwait(false);
                }
                finally
                {
                    state.ConnectionClosed();
                }
            });

            if (UseSsl)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(HttpsOptions());
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        });
    }

    private HttpsConnectionAdapterOptions HttpsOptions()
    {
        var current = _ssl ?? throw new SslConfigurationException("TLS is on but [ssl] was not loaded");
        var options = current.ToHttpsOptions();
        // Read the current context at each handshake, so ResetAsync's reload applies to new connections at once.
        options.ServerCertificate = null;
        options.ServerCertificateSelector = (_, _) => Volatile.Read(ref _ssl)!.Certificate;
        if (current.TrustedCas is not null)
        {
            options.ClientCertificateValidation = (certificate, _, _) => Volatile.Read(ref _ssl)!.VerifyClient(certificate);
        }

        return options;
    }
}
