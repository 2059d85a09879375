using Oslo.Config;

namespace Oslo.Service.Wsgi;

/// <summary>
/// The <c>[DEFAULT]</c> wsgi options of oslo.service 3.x (<c>wsgi_opts</c>): names, types, defaults and help
/// texts exactly as 3.x defines them (including "can beformatted"). 3.x does not mark them deprecated.
/// </summary>
public static class WsgiOptions
{
    /// <summary><c>api_paste_config</c>.</summary>
    public static readonly StrOpt ApiPasteConfig = new("api_paste_config", @default: "api-paste.ini",
        help: "File name for the paste.deploy config for api service");

    /// <summary><c>wsgi_log_format</c>: a Python %-format for access log lines.</summary>
    public static readonly StrOpt WsgiLogFormat = new("wsgi_log_format",
        @default: "%(client_ip)s \"%(request_line)s\" status: %(status_code)s  len: %(body_length)s time: %(wall_seconds).7f",
        help: "A python format string that is used as the template to generate log lines. The following values "
            + "can beformatted into it: client_ip, date_time, request_line, status_code, body_length, wall_seconds.");

    /// <summary><c>tcp_keepidle</c>: TCP_KEEPIDLE seconds for each server socket.</summary>
    public static readonly IntOpt TcpKeepidle = new("tcp_keepidle", @default: 600,
        help: "Sets the value of TCP_KEEPIDLE in seconds for each server socket. Not supported on OS X.");

    /// <summary><c>wsgi_default_pool_size</c>.</summary>
    public static readonly IntOpt WsgiDefaultPoolSize = new("wsgi_default_pool_size", @default: 100,
        help: "Size of the pool of greenthreads used by wsgi");

    /// <summary><c>max_header_line</c>.</summary>
    public static readonly IntOpt MaxHeaderLine = new("max_header_line", @default: 16384,
        help: "Maximum line size of message headers to be accepted. max_header_line may need to be increased when "
            + "using large tokens (typically those generated when keystone is configured to use PKI tokens with big "
            + "service catalogs).");

    /// <summary><c>wsgi_keep_alive</c>.</summary>
    public static readonly BoolOpt WsgiKeepAlive = new("wsgi_keep_alive", @default: true,
        help: "If False, closes the client socket connection explicitly.");

    /// <summary><c>client_socket_timeout</c>: idle seconds before a client connection is closed; 0 = forever.</summary>
    public static readonly IntOpt ClientSocketTimeout = new("client_socket_timeout", @default: 900,
        help: "Timeout for client connections' socket operations. If an incoming connection is idle for this number "
            + "of seconds it will be closed. A value of '0' means wait forever.");

    /// <summary><c>wsgi_server_debug</c>.</summary>
    public static readonly BoolOpt WsgiServerDebug = new("wsgi_server_debug", @default: false,
        help: "True if the server should send exception tracebacks to the clients on 500 errors. If False, the "
            + "server will respond with empty bodies.");

    /// <summary>oslo.service's <c>wsgi_opts</c>, in oslo's order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } =
        [ApiPasteConfig, WsgiLogFormat, TcpKeepidle, WsgiDefaultPoolSize, MaxHeaderLine, WsgiKeepAlive, ClientSocketTimeout, WsgiServerDebug];

    /// <summary>Namespace <c>oslo.service.wsgi</c>: the wsgi options in DEFAULT.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(null, Opts)];

    /// <summary>Registers the wsgi options (oslo.service's <c>wsgi.register_opts</c>); idempotent.</summary>
    public static void RegisterOpts(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts);
    }
}
