using System.Diagnostics;

using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Ssl;

/// <summary>
/// Refused TLS versions over a real handshake. Client and server each run in a child process whose
/// <c>OPENSSL_CONF</c> allows TLS 1.0 and 1.1 at security level 0: the client (<c>openssl s_client</c>) really offers
/// them, and the server's OpenSSL would accept them. Without that file OpenSSL 3 refuses TLS &lt; 1.2 on both sides
/// by itself (their handshakes sign with SHA-1 or MD5+SHA-1, below security level 1), and a refusal would prove
/// nothing about our <c>[ssl] version</c>. The control case, our server with <c>version = TLSv1_1</c> (legacy
/// allowed) under the same file, completes the same client's TLS 1.1 handshake: the refusals come from our floor.
/// </summary>
public sealed class LegacyTlsHandshakeTests : IClassFixture<TlsServerTests.Certs>
{
    private const string OpenSsl = "/usr/bin/openssl";
    private readonly TestCertificates _certs;
    private readonly string _legacyConf;

    public LegacyTlsHandshakeTests(TlsServerTests.Certs certs)
    {
        _certs = certs.Value;
        _legacyConf = Path.Combine(_certs.Directory, "openssl-legacy.cnf");
        File.WriteAllText(_legacyConf, """
            openssl_conf = openssl_init
            [openssl_init]
            ssl_conf = ssl_sect
            [ssl_sect]
            system_default = system_default_sect
            [system_default_sect]
            MinProtocol = TLSv1
            CipherString = DEFAULT:@SECLEVEL=0

            """);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task DefaultVersion_LegacyClientHandshakeRefused(string clientVersion)
    {
        await using var server = await StartAsync(version: null, allowLegacy: false);

        var result = await HandshakeAsync(server.Port, clientVersion);

        Assert.True(result.ExitCode != 0, result.Output);
        Assert.DoesNotContain("CONNECTION ESTABLISHED", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", result.Output, StringComparison.Ordinal);
        // The server answers the hello with a protocol_version alert: refused for its version, nothing else.
        Assert.Contains("alert protocol version", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultVersion_SameClientAtTls12Served()
    {
        await using var server = await StartAsync(version: null, allowLegacy: false);

        var result = await HandshakeAsync(server.Port, "-tls1_2");

        Assert.Contains("CONNECTION ESTABLISHED", result.Output, StringComparison.Ordinal);
        Assert.Contains("Protocol version: TLSv1.2", result.Output, StringComparison.Ordinal);
        Assert.Contains("PONG", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_ServerAllowingTls11_SameClientHandshakeCompletes()
    {
        await using var server = await StartAsync(version: "TLSv1_1", allowLegacy: true);

        var result = await HandshakeAsync(server.Port, "-tls1_1");

        Assert.Contains("CONNECTION ESTABLISHED", result.Output, StringComparison.Ordinal);
        Assert.Contains("Protocol version: TLSv1.1", result.Output, StringComparison.Ordinal);
        Assert.Contains("PONG", result.Output, StringComparison.Ordinal);
    }

    private Task<ChildTlsServer> StartAsync(string? version, bool allowLegacy) =>
        ChildTlsServer.StartAsync(_certs.CertFile, _certs.KeyFile, version, allowLegacy, _legacyConf);

    /// <summary>
    /// One handshake and one HTTP/1.0 request by <c>openssl s_client</c> under the permissive config. Its exit code
    /// is not a verdict on success: Kestrel closes without a close_notify, which s_client reports as an error.
    /// </summary>
    private async Task<(int ExitCode, string Output)> HandshakeAsync(int port, string clientVersion)
    {
        Assert.True(File.Exists(OpenSsl), $"{OpenSsl} is needed as the legacy TLS client (Debian package openssl)");
        var info = new ProcessStartInfo(OpenSsl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -ign_eof: keep reading after our request is written, until the server closes (HTTP/1.0).
        foreach (string arg in new[] { "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", clientVersion, "-brief", "-ign_eof" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OPENSSL_CONF"] = _legacyConf;
        using var client = Process.Start(info)!;
        Task<string> stdout = client.StandardOutput.ReadToEndAsync();
        Task<string> stderr = client.StandardError.ReadToEndAsync();
        await client.StandardInput.WriteAsync("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
        client.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await client.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            client.Kill();
            throw new TimeoutException("openssl s_client did not finish within 20 s: " + await stderr);
        }

        return (client.ExitCode, await stdout + await stderr);
    }
}
