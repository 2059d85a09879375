using Oslo.Config;
using Oslo.Service.Wsgi.Health;
using Oslo.Service.Wsgi.Ssl;

namespace Oslo.Service.Wsgi;

/// <summary>
/// How a <see cref="Server"/> listens and serves: the choices oslo's <c>wsgi.Server</c> took as constructor arguments.
/// The <c>[DEFAULT]</c> wsgi options (<see cref="WsgiOptions"/>: pool size, header line, timeouts, access log format)
/// stay in the oslo configuration and are read from it; only <see cref="PoolSize"/> can override one of them here.
/// </summary>
/// <remarks>
/// Bind it from the oslo configuration with <c>conf.Bind&lt;ServerOptions&gt;("group")</c> or set it in code; from a
/// Generic Host's configuration with <c>services.AddWsgiServer(name, app, section)</c>. Every property has a
/// default, so <c>new ServerOptions { Port = 8080 }</c> is a complete configuration. <see cref="Validate"/> runs when
/// the server is created.
/// </remarks>
public sealed class ServerOptions
{
    /// <summary>Host name or address to listen on; the first address it resolves to is used.</summary>
    /// <value>The default value is <c>0.0.0.0</c> (every IPv4 address, oslo's default).</value>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>TCP port to listen on; 0 lets the system pick a free one (<see cref="Server.Port"/> tells which).</summary>
    /// <value>The default value is 0. Valid range: 0 to 65535.</value>
    public int Port { get; set; }

    /// <summary>Path of a Unix stream socket to listen on instead of <see cref="Host"/> and <see cref="Port"/>.</summary>
    /// <value>The default value is null (TCP).</value>
    public string? SocketFile { get; set; }

    /// <summary>Permissions given to the <see cref="SocketFile"/> before it accepts connections.</summary>
    /// <value>The default value is null (the process umask decides).</value>
    public UnixFileMode? SocketMode { get; set; }

    /// <summary>Requests running the app at once (the rest wait for a free slot).</summary>
    /// <value>The default value is null: <c>wsgi_default_pool_size</c> from the configuration. At least 1 when set.</value>
    public int? PoolSize { get; set; }

    /// <summary>Connections the kernel queues before the server accepts them.</summary>
    /// <value>The default value is 128. At least 1.</value>
    public int Backlog { get; set; } = 128;

    /// <summary>Serve TLS with the certificate and key of <c>[ssl]</c> (checked when the server is created).</summary>
    /// <value>The default value is false.</value>
    public bool UseSsl { get; set; }

    /// <summary>Longest request target; a longer one is answered 414.</summary>
    /// <value>The default value is null: the request line is limited to 8 KiB, as in eventlet. At least 1 when set.</value>
    public int? MaxUrlLength { get; set; }

    /// <summary>Logger category of the access log lines.</summary>
    /// <value>The default value is <c>eventlet.wsgi.server</c> (oslo's).</value>
    public string LoggerName { get; set; } = "eventlet.wsgi.server";

    /// <summary>
    /// On a graceful stop, how long open keep-alive connections get to send one more request (answered with
    /// <c>Connection: close</c>) before the idle ones are closed.
    /// </summary>
    /// <value>The default value is 2 seconds. Zero or more.</value>
    public TimeSpan KeepAliveDrain { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Liveness and readiness endpoints answered by the server itself.</summary>
    /// <value>The default value is null (none).</value>
    public HealthEndpoints? Health { get; set; }

    /// <summary>TLS choices that oslo's <c>[ssl]</c> options do not cover.</summary>
    /// <value>The default value is <see cref="TlsPolicy.Default"/>.</value>
    public TlsPolicy TlsPolicy { get; set; } = TlsPolicy.Default;

    /// <summary>The problems with these options, one line each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        if (SocketFile is null)
        {
            if (string.IsNullOrWhiteSpace(Host))
            {
                errors.Add("Host must not be empty");
            }

            if (Port is < 0 or > 65535)
            {
                errors.Add($"Port must be between 0 and 65535, found {Port}");
            }
        }
        else if (SocketFile.Length == 0)
        {
            errors.Add("SocketFile must not be empty (null listens on Host:Port)");
        }

        if (PoolSize is < 1)
        {
            errors.Add($"PoolSize must be at least 1, found {PoolSize}");
        }

        if (Backlog < 1)
        {
            errors.Add($"Backlog must be at least 1, found {Backlog}");
        }

        if (MaxUrlLength is < 1)
        {
            errors.Add($"MaxUrlLength must be at least 1, found {MaxUrlLength}");
        }

        if (KeepAliveDrain < TimeSpan.Zero)
        {
            errors.Add($"KeepAliveDrain must not be negative, found {KeepAliveDrain}");
        }

        if (string.IsNullOrEmpty(LoggerName))
        {
            errors.Add("LoggerName must not be empty");
        }

        return errors;
    }

    /// <summary>Throws when the options are not valid.</summary>
    /// <exception cref="OsloStartupException">"Invalid server options: …" with every problem.</exception>
    public void Validate()
    {
        IReadOnlyList<string> errors = GetErrors();
        if (errors.Count > 0)
        {
            throw new OsloStartupException($"Invalid server options: {string.Join("; ", errors)}");
        }
    }
}
