using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Ssl;
using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Ssl;

/// <summary>TLS over real sockets with certificates made in-process: versions, ciphers, mutual TLS, reload.</summary>
public sealed class TlsServerTests : IClassFixture<TlsServerTests.Certs>
{
    private static readonly RequestDelegate s_pong = ctx => ctx.Response.WriteAsync("PONG");
    private readonly TestCertificates _certs;

    public TlsServerTests(Certs certs) => _certs = certs.Value;

    /// <summary>One set of certificates for the class (RSA key generation is slow).</summary>
    public sealed class Certs : IDisposable
    {
        public TestCertificates Value { get; } = new();

        public void Dispose() => Value.Dispose();
    }

    private Oslo.Config.ConfigOpts Conf(string? ca = null, string? version = null, string? ciphers = null, string? key = null) =>
        TestConf.Create(
            ("cert_file", _certs.CertFile, "ssl"),
            ("key_file", key ?? _certs.KeyFile, "ssl"),
            ("ca_file", ca, "ssl"),
            ("version", version, "ssl"),
            ("ciphers", ciphers, "ssl"));

    private static async Task<Wsgi.Server> StartAsync(Oslo.Config.ConfigOpts conf)
    {
        var server = new Wsgi.Server(conf, "tls", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1", UseSsl = true });
        await server.StartAsync();
        return server;
    }

    /// <summary>Handshake, one request, the response body; throws when the server refuses.</summary>
    private static async Task<(string Body, SslProtocols Protocol, TlsCipherSuite Cipher, X509Certificate? Remote)> RequestAsync(
        int port, SslProtocols protocols = SslProtocols.None, X509Certificate2? clientCert = null, TlsCipherSuite[]? ciphers = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var ssl = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificates = clientCert is null ? null : [clientCert],
        };
        if (ciphers is not null)
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(ciphers);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ssl.AuthenticateAsClientAsync(options, cts.Token);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"), cts.Token);
        using var reader = new StreamReader(ssl);
        string response = await reader.ReadToEndAsync(cts.Token);
        if (response.Length == 0)
        {
            throw new IOException("the server closed the connection without a response");
        }

        return (response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..], ssl.SslProtocol, ssl.NegotiatedCipherSuite, ssl.RemoteCertificate);
    }

    [Fact]
    public async Task ServerOnlyTls_AnswersPong()
    {
        await using var server = await StartAsync(Conf());
        var (body, protocol, _, remote) = await RequestAsync(server.Port);
        Assert.Equal("PONG", body);
        Assert.True(protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.Equal(_certs.Server.Thumbprint, new X509Certificate2(remote!).Thumbprint);
    }

    [Fact]
    public async Task TlsAndPlainServers_Coexist()
    {
        await using var tls = await StartAsync(Conf());
        await using var plain = new Wsgi.Server(TestConf.Create(), "plain", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1" });
        await plain.StartAsync();
        using var client = new HttpClient();
        Assert.Equal("PONG", await client.GetStringAsync($"http://127.0.0.1:{plain.Port}/"));
        Assert.Equal("PONG", (await RequestAsync(tls.Port)).Body);
    }

    [Fact]
    public async Task Default_Tls12And13Accepted()
    {
        await using var server = await StartAsync(Conf());
        Assert.Equal(SslProtocols.Tls12, (await RequestAsync(server.Port, SslProtocols.Tls12)).Protocol);
        Assert.Equal(SslProtocols.Tls13, (await RequestAsync(server.Port, SslProtocols.Tls13)).Protocol);
    }

    [Fact]
    public async Task VersionTls13_Tls12ClientRefused()
    {
        await using var server = await StartAsync(Conf(version: "TLSv1_3"));
        Assert.Equal("PONG", (await RequestAsync(server.Port, SslProtocols.Tls13)).Body);
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port, SslProtocols.Tls12));
    }

    [Fact]
    public async Task VersionTls12_Tls13ClientRefused()
    {
        await using var server = await StartAsync(Conf(version: "tlsv1_2"));
        Assert.Equal(SslProtocols.Tls12, (await RequestAsync(server.Port, SslProtocols.Tls12)).Protocol);
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port, SslProtocols.Tls13));
    }

    [Theory]
    [InlineData("TLSv1")]
    [InlineData("TLSv1_1")]
    [InlineData("SSLv3")]
    [InlineData("SSLv2")]
    public void LegacyVersion_RefusedWithClearError(string version)
    {
        var ex = Assert.Throws<SslConfigurationException>(() => new Wsgi.Server(Conf(version: version), "tls", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1", UseSsl = true }));
        Assert.Contains($"SSL version {version} is refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVersion_OsloMessage()
    {
        var ex = Assert.Throws<SslConfigurationException>(() => new Wsgi.Server(Conf(version: "TLSv9"), "tls", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1", UseSsl = true }));
        Assert.StartsWith("Invalid SSL version : TLSv9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ciphers_OnlyListedTls12SuitesNegotiated()
    {
        await using var server = await StartAsync(Conf(version: "TLSv1_2", ciphers: "ECDHE-RSA-AES256-GCM-SHA384"));
        var ok = await RequestAsync(server.Port, SslProtocols.Tls12,
            ciphers: [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]);
        Assert.Equal(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, ok.Cipher);
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port, SslProtocols.Tls12,
            ciphers: [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]));
    }

    [Fact]
    public void Ciphers_UnknownName_ClearError()
    {
        var ex = Assert.Throws<SslConfigurationException>(() => new Wsgi.Server(Conf(ciphers: "HIGH:!aNULL:FANCY-CIPHER"), "tls", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1", UseSsl = true }));
        Assert.Contains("unknown cipher name or keyword 'FANCY-CIPHER'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutualTls_RightClientCertAccepted()
    {
        await using var server = await StartAsync(Conf(ca: _certs.CaFile));
        Assert.Equal("PONG", (await RequestAsync(server.Port, clientCert: _certs.Client)).Body);
        Assert.Equal("PONG", (await RequestAsync(server.Port, SslProtocols.Tls12, clientCert: _certs.Client)).Body);
    }

    [Fact]
    public async Task MutualTls_WrongOrMissingClientCertRefused()
    {
        await using var server = await StartAsync(Conf(ca: _certs.CaFile));
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port, clientCert: _certs.StrangerClient));
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port, SslProtocols.Tls12, clientCert: _certs.StrangerClient));
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(server.Port));
    }

    [Fact]
    public void EncryptedKey_ErrorSaysSo()
    {
        var ex = Assert.Throws<SslConfigurationException>(() => new Wsgi.Server(Conf(key: _certs.EncryptedKeyFile), "tls", (RequestDelegate)s_pong, new ServerOptions { Host = "127.0.0.1", UseSsl = true }));
        Assert.Contains("is encrypted", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_certs.EncryptedKeyFile, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_RereadsCertificate()
    {
        using var own = new TestCertificates();
        var conf = TestConf.Create(("cert_file", own.CertFile, "ssl"), ("key_file", own.KeyFile, "ssl"));
        await using var server = await StartAsync(conf);
        Assert.Equal(own.Server.Thumbprint, new X509Certificate2((await RequestAsync(server.Port)).Remote!).Thumbprint);

        var renewed = own.RenewServer("renewed.localhost");
        await server.ResetAsync();
        Assert.Equal(renewed.Thumbprint, new X509Certificate2((await RequestAsync(server.Port)).Remote!).Thumbprint);

        // A SIGHUP reload (stop, wait, reset, start) serves the renewed certificate too.
        await server.StopAsync(graceful: true);
        await server.WaitAsync();
        await server.ResetAsync();
        await server.StartAsync();
        Assert.Equal(renewed.Thumbprint, new X509Certificate2((await RequestAsync(server.Port)).Remote!).Thumbprint);
    }
}
