using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// SIGHUP after a certificate renewal went wrong: the new key is unreadable, or a FIFO stands where the key should be.
/// The service keeps serving with the certificate it has, logs one line naming the file, and still stops on SIGTERM.
/// </summary>
public sealed partial class TlsReloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SighupWithAnUnreadableOrFifoKey_KeepsServingTheOldCertificate_OneLineNamingTheFile()
    {
        string directory = ServiceProcess.NewDirectory("oslo-chaos-tlsreload-");
        var certificate = new SelfSignedCertificate(directory);
        string config = Path.Combine(directory, "hello.conf");
        File.WriteAllText(config, HelloApi.Config(workers: 1, greeting: "renewed",
            $"[ssl]\ncert_file = {certificate.CertFile}\nkey_file = {certificate.KeyFile}"));

        // Root reads any file; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH a mode-000 file is unreadable to it too.
        IReadOnlyList<string>? wrapper = Environment.UserName == "root" || GetEuid() == 0
            ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
            : null;
        await using var process = ServiceProcess.Start(directory, Repo.HelloApiDll, ["--config-file", config], wrapper: wrapper);
        string listening = await process.WaitForLineAsync("hello-api listening on", TimeSpan.FromSeconds(60));
        int port = int.Parse(ListeningRegex().Match(listening).Groups[1].Value, CultureInfo.InvariantCulture);
        await process.WaitForLineAsync("Started 1 service", TimeSpan.FromSeconds(60));
        Assert.StartsWith("renewed from pid", await HttpsGetAsync(port, certificate.Thumbprint), StringComparison.Ordinal);

        // 1. A renewed pair whose key is unreadable (mode 000).
        var renewed = new SelfSignedCertificate(ServiceProcess.NewDirectory("oslo-chaos-tlsnew-"));
        File.Copy(renewed.CertFile, certificate.CertFile, overwrite: true);
        File.Copy(renewed.KeyFile, certificate.KeyFile, overwrite: true);
        File.SetUnixFileMode(certificate.KeyFile, UnixFileMode.None);
        int skip = process.Lines.Count;
        process.Signal(Posix.SigHup);
        string refused = await process.WaitForLineAsync(certificate.KeyFile, TimeSpan.FromSeconds(30), skip);
        output.WriteLine("unreadable key: " + refused[refused.IndexOf("Server", StringComparison.Ordinal)..]);
        Assert.Single(process.LinesWith(certificate.KeyFile, skip));
        Assert.False(process.HasExited, "the service exited");
        await Poll.UntilAsync(() => TryHttpsGet(port, certificate.Thumbprint), "HTTPS with the old certificate after the failed reload", TimeSpan.FromSeconds(30));

        // 2. A FIFO where the key should be: refused, not opened (an open would block until a writer comes).
        File.Delete(certificate.KeyFile);
        Assert.Equal(0, Run("mkfifo", certificate.KeyFile));
        skip = process.Lines.Count;
        process.Signal(Posix.SigHup);
        string fifo = await process.WaitForLineAsync(certificate.KeyFile, TimeSpan.FromSeconds(30), skip);
        output.WriteLine("FIFO key: " + fifo[fifo.IndexOf("Server", StringComparison.Ordinal)..]);
        Assert.Contains("not a regular file", fifo, StringComparison.Ordinal);
        await Poll.UntilAsync(() => TryHttpsGet(port, certificate.Thumbprint), "HTTPS with the old certificate after the FIFO", TimeSpan.FromSeconds(30));

        // 3. And it still stops.
        var stopping = Stopwatch.StartNew();
        process.Signal(Posix.SigTerm);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        output.WriteLine($"SIGTERM: exited 0 after {stopping.Elapsed.TotalSeconds:F1} s");
    }

    private static bool TryHttpsGet(int port, string thumbprint)
    {
        try
        {
            return HttpsGetAsync(port, thumbprint).GetAwaiter().GetResult().StartsWith("renewed from pid", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private static async Task<string> HttpsGetAsync(int port, string thumbprint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), false, (_, cert, _, _) => cert is not null && string.Equals(cert.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, deadline.Token);
        await tls.WriteAsync("GET / HTTP/1.0\r\nHost: hello\r\n\r\n"u8.ToArray(), deadline.Token);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        string response = await reader.ReadToEndAsync(deadline.Token);
        return response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
    }

    private static int Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();
}
