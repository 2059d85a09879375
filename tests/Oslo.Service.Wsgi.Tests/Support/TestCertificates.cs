using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oslo.Service.Wsgi.Tests.Support;

/// <summary>A CA, a server certificate (localhost, 127.0.0.1) and client certificates, made in-process and written as PEM files to a temp dir.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string serverCommonName = "localhost")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("oslo-wsgi-tls-").FullName;
        (Ca, CaKey) = CreateCa("Oslo Test CA");
        (OtherCa, OtherCaKey) = CreateCa("Some Other CA");
        Server = Issue(Ca, CaKey, serverCommonName, server: true);
        Client = Issue(Ca, CaKey, "good-client", server: false);
        StrangerClient = Issue(OtherCa, OtherCaKey, "stranger", server: false);
        CaFile = Write("ca.pem", Ca.ExportCertificatePem());
        CertFile = Write("server.pem", Server.ExportCertificatePem());
        KeyFile = Write("server.key", Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        EncryptedKeyFile = Write("server-encrypted.key", Server.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem(
            "secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public RSA CaKey { get; }

    public X509Certificate2 OtherCa { get; }

    public RSA OtherCaKey { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 StrangerClient { get; }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public string EncryptedKeyFile { get; }

    /// <summary>Issues a new server certificate with another subject and writes it over cert and key files.</summary>
    public X509Certificate2 RenewServer(string commonName)
    {
        var renewed = Issue(Ca, CaKey, commonName, server: true);
        File.WriteAllText(CertFile, renewed.ExportCertificatePem());
        File.WriteAllText(KeyFile, renewed.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return renewed;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (X509Certificate2, RSA) CreateCa(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (cert, key);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, string commonName, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signer = X509CertificateLoader.LoadCertificate(ca.RawData).CopyWithPrivateKey(caKey);
        using var issued = request.Create(signer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
