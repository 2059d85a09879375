using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>A server certificate for 127.0.0.1 made in-process, written as PEM cert and key files (nothing committed).</summary>
internal sealed class SelfSignedCertificate
{
    public SelfSignedCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        Thumbprint = certificate.Thumbprint;
        CertFile = Path.Combine(directory, "server.pem");
        KeyFile = Path.Combine(directory, "server.key");
        File.WriteAllText(CertFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public string Thumbprint { get; }

    public string CertFile { get; }

    public string KeyFile { get; }
}
