using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>The test app's settings and the endpoints its parent reports.</summary>
internal static partial class TestApp
{
    public const string CertificatePassword = "oslo-test";

    /// <summary>A self-signed certificate for localhost/127.0.0.1, written as a PFX file.</summary>
    public static string CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string path = Path.Combine(Path.GetTempPath(), $"oslo-aspnet-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    public static string UnixSocketPath() => Path.Combine(Path.GetTempPath(), $"oslo-{Guid.NewGuid().ToString("N")[..10]}.sock");

    /// <summary>appsettings.json: the greeting, the health check's answer, the Oslo section and the endpoints.</summary>
    public static Dictionary<string, object> Settings(
        string greeting, int workers, string? certificate = null, string? unixPath = null, string health = "Healthy", int readyTimeoutSeconds = 60)
    {
        var endpoints = new Dictionary<string, object> { ["Http"] = new { Url = "http://127.0.0.1:0" } };
        if (certificate is not null)
        {
            endpoints["Https"] = new { Url = "https://127.0.0.1:0", Certificate = new { Path = certificate, Password = CertificatePassword } };
        }

        if (unixPath is not null)
        {
            endpoints["Unix"] = new { Url = $"http://unix:{unixPath}" };
        }

        return new Dictionary<string, object>
        {
            ["Greeting"] = greeting,
            ["Health"] = health,
            ["Oslo"] = new { Workers = workers, WorkerReadyTimeout = readyTimeoutSeconds, GracefulShutdownTimeout = 30 },
            ["Logging"] = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" } },
            ["Kestrel"] = new { Endpoints = endpoints },
        };
    }

    /// <summary>Waits for the parent's "Listening on … for every worker" line of <paramref name="scheme"/> and returns its port.</summary>
    public static async Task<int> PortAsync(AppProcess app, string scheme)
    {
        string line = await app.WaitForLineAsync(l => l.Contains($"Listening on {scheme}://127.0.0.1:", StringComparison.Ordinal), $"Listening on {scheme}");
        return int.Parse(PortPattern().Match(line[line.IndexOf($"{scheme}://", StringComparison.Ordinal)..]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until all <paramref name="workers"/> workers have reported ready (from line <paramref name="from"/>).</summary>
    public static Task AllReadyAsync(AppProcess app, int workers, int from = 0) =>
        app.WaitForLineAsync($"All {workers} workers ready", from);

    [GeneratedRegex(@"^https?://127\.0\.0\.1:(\d+)")]
    private static partial Regex PortPattern();
}
