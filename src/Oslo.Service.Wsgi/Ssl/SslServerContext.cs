using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Microsoft.AspNetCore.Server.Kestrel.Https;

using Oslo.Config;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>
/// oslo's <c>sslutils.wrap</c> for Kestrel: the certificate, key, CA, version and ciphers of <c>[ssl]</c>, read from
/// disk by <see cref="Load"/> (at every server start, so a SIGHUP reload picks up renewed certificates). Every failure
/// to read or parse them is an <see cref="SslConfigurationException"/> naming the file (see <see cref="TlsFiles"/>).
/// </summary>
/// <remarks>
/// As oslo HEAD does (3.x ignored version and ciphers without <c>ca_file</c>), version and ciphers always apply;
/// <c>ca_file</c> makes client certificates required and verified against that CA only (mutual TLS).
/// </remarks>
internal sealed class SslServerContext : IDisposable
{
    private SslServerContext(X509Certificate2 certificate, X509Certificate2Collection? trustedCas, SslProtocols protocols,
        CipherSuitesPolicy? cipherSuites, TimeSpan handshakeTimeout)
    {
        Certificate = certificate;
        TrustedCas = trustedCas;
        Protocols = protocols;
        CipherSuites = cipherSuites;
        HandshakeTimeout = handshakeTimeout;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection? TrustedCas { get; }

    public SslProtocols Protocols { get; }

    public CipherSuitesPolicy? CipherSuites { get; }

    public TimeSpan HandshakeTimeout { get; }

    /// <summary>Reads <c>[ssl]</c> and its files.</summary>
    /// <exception cref="SslConfigurationException">Any problem, with the file and what was wrong.</exception>
    public static SslServerContext Load(ConfigOpts conf, TlsPolicy policy)
    {
        SslUtils.IsEnabled(conf);
        string g = SslOptions.ConfigSection;
        string cert = conf.Get(SslOptions.CertFile, g) ?? throw new SslConfigurationException("[ssl] cert_file is not set");
        string key = conf.Get(SslOptions.KeyFile, g) ?? throw new SslConfigurationException("[ssl] key_file is not set");
        string? ca = conf.Get(SslOptions.CaFile, g);
        var protocols = TlsVersions.Parse(conf.Get(SslOptions.Version, g), policy.AllowLegacyVersions);
        CipherSuitesPolicy? ciphers = null;
        string? cipherList = conf.Get(SslOptions.Ciphers, g);
        if (!string.IsNullOrWhiteSpace(cipherList))
        {
            var suites = OpenSslCipherList.Parse(cipherList);
            if (protocols == SslProtocols.Tls12 && !OpenSslCipherList.HasTls12(suites))
            {
                throw new SslConfigurationException($"[ssl] ciphers \"{cipherList}\" leaves no TLS 1.2 cipher suite for [ssl] version TLSv1_2");
            }

            if (OperatingSystem.IsWindows())
            {
                throw new SslConfigurationException("[ssl] ciphers is not supported on this platform (.NET applies cipher suite lists on Linux and macOS only)");
            }

            ciphers = new CipherSuitesPolicy(suites);
        }

        var certificate = LoadCertificate(cert, key);
        X509Certificate2Collection? cas = null;
        if (!string.IsNullOrEmpty(ca))
        {
            cas = new X509Certificate2Collection();
            string caText = TlsFiles.ReadText("ca_file", ca);
            try
            {
                cas.ImportFromPem(caText);
            }
            catch (CryptographicException ex)
            {
                throw new SslConfigurationException($"Unable to read ca_file {ca}: {ex.Message}", ex);
            }

            if (cas.Count == 0)
            {
                throw new SslConfigurationException($"ca_file {ca} holds no PEM certificate");
            }
        }

        return new SslServerContext(certificate, cas, protocols, ciphers, policy.HandshakeTimeout);
    }

    /// <summary>Kestrel's options for this context.</summary>
    public HttpsConnectionAdapterOptions ToHttpsOptions()
    {
        var options = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = Certificate,
            SslProtocols = Protocols,
            HandshakeTimeout = HandshakeTimeout,
            CheckCertificateRevocation = false,
            ClientCertificateMode = TrustedCas is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
        };
        if (TrustedCas is not null)
        {
            options.ClientCertificateValidation = (certificate, _, _) => VerifyClient(certificate);
        }

        if (CipherSuites is not null)
        {
            var policy = CipherSuites;
            options.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = policy;
        }

        return options;
    }

    public void Dispose() => Certificate.Dispose();

    /// <summary>Whether a client certificate chains to the <c>ca_file</c> CAs (and only to them).</summary>
    public bool VerifyClient(X509Certificate2 certificate)
    {
        if (TrustedCas is not { } trusted)
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // client authentication
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        // Read here, not by CreateFromPemFile: an unreadable file, a directory or a FIFO becomes one clear error that a
        // SIGHUP reload logs while it keeps the previous certificate.
        string keyText = TlsFiles.ReadText("key_file", keyFile);
        string certText = TlsFiles.ReadText("cert_file", certFile);

        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
            || keyText.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new SslConfigurationException(
                $"The private key in key_file {keyFile} is encrypted; [ssl] has no passphrase option, so give an unencrypted "
                + "key (for example: openssl pkey -in encrypted.pem -out key.pem) and protect the file with its permissions");
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPem(certText, keyText);
            // Re-import so the key is not an ephemeral handle tied to this PEM load (needed by SslStream on some platforms).
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new SslConfigurationException(
                $"Unable to load cert_file {certFile} with key_file {keyFile}: {ex.Message} (expected PEM files, the key matching the certificate)", ex);
        }
    }
}
