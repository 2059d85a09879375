using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// The debug console (a code-execution door) of HelloApi is never reachable on anything but loopback: TCP binds
/// 127.0.0.1 only in the parent and every worker, a value naming another host is refused, and the Unix socket is
/// 0600 even under umask 000.
/// </summary>
public sealed partial class BackdoorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BackdoorPort_EveryProcessListensOn127001Only_OtherAddressesRefused()
    {
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "door", extra: "backdoor_port = 0");
        await Poll.UntilAsync(() => hello.Process.LinesWith("Backdoor listening on ").Count == 3, "the parent's and both workers' consoles", TimeSpan.FromSeconds(30));

        foreach (string line in hello.Process.LinesWith("Backdoor listening on "))
        {
            Match m = TcpLine().Match(line);
            Assert.True(m.Success, "not a 127.0.0.1 endpoint: " + line);
            int port = int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture);

            // The kernel's view: one listening socket on the port, bound to 127.0.0.1; none on IPv6.
            string[] listening = ListeningAddresses("/proc/net/tcp", port);
            Assert.Equal(["0100007F"], listening);
            Assert.Empty(ListeningAddresses("/proc/net/tcp6", port));

            // Reachable on 127.0.0.1; refused on another loopback address (which a 0.0.0.0 bind would accept) and on ::1.
            Assert.Contains("debug console", await BannerAsync(new IPEndPoint(IPAddress.Loopback, port)), StringComparison.Ordinal);
            Assert.Equal(SocketError.ConnectionRefused, await ConnectErrorAsync(new IPEndPoint(IPAddress.Parse("127.0.0.2"), port)));
            Assert.Equal(SocketError.ConnectionRefused, await ConnectErrorAsync(new IPEndPoint(IPAddress.IPv6Loopback, port)));
            output.WriteLine($"{line[(line.IndexOf("Backdoor", StringComparison.Ordinal))..]}: /proc/net/tcp local 0100007F:{port:X4}; 127.0.0.2 and ::1 refused");
        }
    }

    [Fact]
    public async Task BackdoorPortWithAHost_Refused_NothingListens_NothingLeft()
    {
        // backdoor_port has no host part (oslo's forms: 0, port, start:end); a value that tries to name one is
        // refused when the console starts, so the service does not start at all.
        string directory = ServiceProcess.NewDirectory("oslo-chaos-door-");
        string config = Path.Combine(directory, "hello.conf");
        File.WriteAllText(config, HelloApi.Config(workers: 2, greeting: "door", extra: "backdoor_port = 0.0.0.0:9000"));
        await using var process = ServiceProcess.Start(directory, Repo.HelloApiDll, ["--config-file", config]);
        int status = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        string refusal = process.LinesWith("Invalid value '0.0.0.0:9000' for option [DEFAULT] backdoor_port").FirstOrDefault() ?? "";
        output.WriteLine($"exit status {status}: {refusal[Math.Max(0, refusal.IndexOf("Invalid", StringComparison.Ordinal))..]}");

        Assert.Equal(1, status); // a clear refusal and exit 1, not an unhandled exception's abort (134)
        Assert.Contains("'0.0.0.0' is not a port number", refusal, StringComparison.Ordinal);
        Assert.Empty(process.LinesWith("Backdoor listening on "));
        // Workers it may have started follow their parent out.
        await Poll.UntilAsync(() => !ProcFs.Session(process.Pid).Any(p => p.State is not ('Z' or 'X')), "no process of the service left", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BackdoorSocket_UnderUmask000_EveryProcessSocketIs0600()
    {
        string sockets = ServiceProcess.NewDirectory("oslo-chaos-sock-");
        try
        {
            await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "door",
                extra: $"backdoor_socket = {Path.Combine(sockets, "console-{pid}.sock")}", umask: "000");
            await Poll.UntilAsync(() => hello.Process.LinesWith("Backdoor listening on ").Count == 3, "the parent's and both workers' consoles", TimeSpan.FromSeconds(30));

            // The service really runs under umask 000 (a socket bound naively would be 0777).
            Assert.Contains(File.ReadLines($"/proc/{hello.Pid}/status"), l => l == "Umask:\t0000");
            string[] paths = [.. hello.Process.LinesWith("Backdoor listening on ").Select(l => UnixLine().Match(l).Groups["path"].Value)];
            Assert.Equal(3, paths.Distinct().Count());
            foreach (string path in paths)
            {
                Assert.StartsWith(sockets, path, StringComparison.Ordinal);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                Assert.Contains("debug console", await ReadBannerAsync(socket), StringComparison.Ordinal);
                output.WriteLine($"{path}: mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}, console answers");
            }

            // And no TCP console anywhere.
            Assert.DoesNotContain(hello.Process.Lines, l => l.Contains("Backdoor listening on 127.", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(sockets, recursive: true);
        }
    }

    // Local addresses (hex, as the kernel prints them) of the sockets listening (state 0A) on the port.
    private static string[] ListeningAddresses(string table, int port) =>
        [.. File.ReadLines(table).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && f[1].EndsWith(":" + port.ToString("X4", CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(f => f[1][..f[1].IndexOf(':', StringComparison.Ordinal)])];

    private static async Task<string> BannerAsync(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        return await ReadBannerAsync(socket);
    }

    private static async Task<string> ReadBannerAsync(Socket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!text.ToString().Contains('\n', StringComparison.Ordinal))
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static async Task<SocketError> ConnectErrorAsync(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint);
            return SocketError.Success;
        }
        catch (SocketException exception)
        {
            return exception.SocketErrorCode;
        }
    }

    [GeneratedRegex(@"Backdoor listening on 127\.0\.0\.1:(?<port>\d+) for process")]
    private static partial Regex TcpLine();

    [GeneratedRegex(@"Backdoor listening on (?<path>/\S+) for process")]
    private static partial Regex UnixLine();
}
