using Oslo.Config;

namespace Oslo.Service.Wsgi;

/// <summary>
/// The <c>[ssl]</c> options of oslo.service 3.x (<c>sslutils.ssl_opts</c>), with the 3.x deprecated names
/// <c>[DEFAULT] ssl_ca_file</c>, <c>ssl_cert_file</c> and <c>ssl_key_file</c>.
/// </summary>
public static class SslOptions
{
    /// <summary>The section name (oslo's <c>sslutils.config_section</c>).</summary>
    public const string ConfigSection = "ssl";

    /// <summary><c>[ssl] ca_file</c>: CA bundle used to verify clients.</summary>
    public static readonly StrOpt CaFile = new("ca_file", deprecatedName: "ssl_ca_file", deprecatedGroup: "DEFAULT",
        help: "CA certificate file to use to verify connecting clients.");

    /// <summary><c>[ssl] cert_file</c>: the server certificate.</summary>
    public static readonly StrOpt CertFile = new("cert_file", deprecatedName: "ssl_cert_file", deprecatedGroup: "DEFAULT",
        help: "Certificate file to use when starting the server securely.");

    /// <summary><c>[ssl] key_file</c>: the server private key.</summary>
    public static readonly StrOpt KeyFile = new("key_file", deprecatedName: "ssl_key_file", deprecatedGroup: "DEFAULT",
        help: "Private key file to use when starting the server securely.");

    /// <summary><c>[ssl] version</c>: the SSL/TLS protocol version.</summary>
    public static readonly StrOpt Version = new("version",
        help: "SSL version to use (valid only if SSL enabled). Valid values are TLSv1 and SSLv23. SSLv2, SSLv3, "
            + "TLSv1_1, and TLSv1_2 may be available on some distributions.");

    /// <summary><c>[ssl] ciphers</c>: an OpenSSL cipher list.</summary>
    public static readonly StrOpt Ciphers = new("ciphers",
        help: "Sets the list of available ciphers. value should be a string in the OpenSSL cipher list format.");

    /// <summary>oslo.service's <c>ssl_opts</c>, in oslo's order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [CaFile, CertFile, KeyFile, Version, Ciphers];

    /// <summary>Namespace <c>oslo.service.sslutils</c>: the ssl options in <c>[ssl]</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(new OptGroup(ConfigSection), Opts)];

    /// <summary>Registers the ssl options in <c>[ssl]</c> (oslo.service's <c>sslutils.register_opts</c>); idempotent.</summary>
    public static void RegisterOpts(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, new OptGroup(ConfigSection));
    }
}
