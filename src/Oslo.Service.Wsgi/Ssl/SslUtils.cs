using Oslo.Config;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>oslo.service's <c>sslutils</c>: turns the <c>[ssl]</c> options into TLS for the <see cref="Server"/>.</summary>
public static class SslUtils
{
    /// <summary>
    /// oslo's <c>is_enabled(conf)</c>: registers the <c>[ssl]</c> options, checks the files in oslo's order (cert,
    /// CA, key, then cert and key both given) and returns the certificate (or key) path, or null when TLS is off.
    /// </summary>
    /// <exception cref="SslConfigurationException">oslo's messages: "Unable to find cert_file : …", "Unable to find
    /// ca_file : …", "Unable to find key_file : …", or "When running server in SSL mode, you must specify both a
    /// cert_file and key_file option value in your configuration file".</exception>
    public static string? IsEnabled(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        SslOptions.RegisterOpts(conf);
        string? cert = conf.Get(SslOptions.CertFile, SslOptions.ConfigSection);
        string? ca = conf.Get(SslOptions.CaFile, SslOptions.ConfigSection);
        string? key = conf.Get(SslOptions.KeyFile, SslOptions.ConfigSection);
        if (!string.IsNullOrEmpty(cert) && !File.Exists(cert))
        {
            throw new SslConfigurationException($"Unable to find cert_file : {cert}");
        }

        if (!string.IsNullOrEmpty(ca) && !File.Exists(ca))
        {
            throw new SslConfigurationException($"Unable to find ca_file : {ca}");
        }

        if (!string.IsNullOrEmpty(key) && !File.Exists(key))
        {
            throw new SslConfigurationException($"Unable to find key_file : {key}");
        }

        if (string.IsNullOrEmpty(cert) != string.IsNullOrEmpty(key))
        {
            throw new SslConfigurationException(
                "When running server in SSL mode, you must specify both a cert_file and key_file option value in your configuration file");
        }

        return string.IsNullOrEmpty(cert) ? (string.IsNullOrEmpty(key) ? null : key) : cert;
    }
}
