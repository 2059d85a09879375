using Oslo.Service.Wsgi.Ssl;
using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Ssl;

/// <summary>oslo's test_sslutils: is_enabled checks and messages, in oslo's order.</summary>
public sealed class SslUtilsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-sslutils-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Existing(string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void IsEnabled_NothingSet_Null() => Assert.Null(SslUtils.IsEnabled(TestConf.Create()));

    [Fact]
    public void IsEnabled_ValidFiles_ReturnsCertPath()
    {
        string cert = Existing("cert.pem");
        var conf = TestConf.Create(("cert_file", cert, "ssl"), ("key_file", Existing("key.pem"), "ssl"), ("ca_file", Existing("ca.pem"), "ssl"));
        Assert.Equal(cert, SslUtils.IsEnabled(conf));
    }

    [Fact]
    public void IsEnabled_MissingCertFile_Fails()
    {
        var conf = TestConf.Create(("cert_file", "/nonexistent/cert.pem", "ssl"), ("ca_file", "/nonexistent/ca.pem", "ssl"));
        Assert.Equal("Unable to find cert_file : /nonexistent/cert.pem", Assert.Throws<SslConfigurationException>(() => SslUtils.IsEnabled(conf)).Message);
    }

    [Fact]
    public void IsEnabled_MissingCaFile_FailsBeforeKey()
    {
        var conf = TestConf.Create(("cert_file", Existing("cert.pem"), "ssl"), ("ca_file", "/nonexistent/ca.pem", "ssl"), ("key_file", "/nonexistent/key.pem", "ssl"));
        Assert.Equal("Unable to find ca_file : /nonexistent/ca.pem", Assert.Throws<SslConfigurationException>(() => SslUtils.IsEnabled(conf)).Message);
    }

    [Fact]
    public void IsEnabled_MissingKeyFile_Fails()
    {
        var conf = TestConf.Create(("cert_file", Existing("cert.pem"), "ssl"), ("key_file", "/nonexistent/key.pem", "ssl"));
        Assert.Equal("Unable to find key_file : /nonexistent/key.pem", Assert.Throws<SslConfigurationException>(() => SslUtils.IsEnabled(conf)).Message);
    }

    [Fact]
    public void IsEnabled_CertWithoutKey_Fails()
    {
        var conf = TestConf.Create(("cert_file", Existing("cert.pem"), "ssl"));
        Assert.Equal("When running server in SSL mode, you must specify both a cert_file and key_file option value in your configuration file",
            Assert.Throws<SslConfigurationException>(() => SslUtils.IsEnabled(conf)).Message);
    }
}
