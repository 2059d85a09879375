using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Oslo.Service.Backdoor.Tests.Infrastructure;

namespace Oslo.Service.Backdoor.Tests.Functional;

/// <summary>backdoor_port and backdoor_socket against a real host process and real sockets (Linux: /proc, file modes).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BindingTests
{
    [Fact]
    public async Task Port0_ListensOnLoopbackOnly_LogsWarningAndPublishesPort()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\n");

        Assert.True(host.Port > 0);
        string ready = host.Transcript.Single(l => l.StartsWith("ready ", StringComparison.Ordinal));
        Assert.Contains($"service={host.Port}", ready, StringComparison.Ordinal);
        await host.WaitForLineAsync(l => l.StartsWith("warn:", StringComparison.Ordinal)
            && l.Contains($"Backdoor listening on 127.0.0.1:{host.Port} for process {host.Pid}", StringComparison.Ordinal));

        // The kernel's own view of the listening socket: bound to 127.0.0.1, not to 0.0.0.0 or another interface.
        Assert.Equal([IPAddress.Loopback], ListeningAddresses(host.Pid, host.Port));
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)client.Socket.RemoteEndPoint!).Address);
        Assert.Contains($"process {host.Pid}", client.Banner, StringComparison.Ordinal);
        Assert.Equal("42\n", await client.RunAsync("40 + 2"));
    }

    [Fact]
    public async Task FixedPort_IsUsed()
    {
        int port = FreePort();
        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = {port}\n");

        Assert.Equal(port, host.Port);
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(port);
        Assert.Equal("3\n", await client.RunAsync("1 + 2"));
    }

    [Fact]
    public async Task FixedPortInUse_BackdoorNotEnabled_WarningAndServiceRuns()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        int port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = {port}\n");

        Assert.Equal("none", host.Backdoor);
        await host.WaitForLineAsync(l => l.StartsWith("warn:", StringComparison.Ordinal)
            && l.Contains($"Backdoor not enabled: backdoor_port {port} is in use", StringComparison.Ordinal));
        Assert.True(await host.PingAsync() >= 0);
    }

    [Fact]
    public async Task Range_ProcessesStartedOneAfterAnotherTakeSuccessivePorts()
    {
        int start = FreeRange(3);
        string config = $"[DEFAULT]\nbackdoor_port = {start}:{start + 2}\n";
        await using HostProcess first = await HostProcess.StartAsync(config);
        await using HostProcess second = await HostProcess.StartAsync(config);
        await using HostProcess third = await HostProcess.StartAsync(config);
        await using HostProcess fourth = await HostProcess.StartAsync(config);

        Assert.Equal([start, start + 1, start + 2], new[] { first.Port, second.Port, third.Port });
        Assert.Equal("none", fourth.Backdoor);
        await fourth.WaitForLineAsync(l => l.Contains($"Backdoor not enabled: backdoor_port {start}:{start + 2} is in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessLauncher_ParentAndEachWorkerTakeSuccessivePortsOfTheRange_WorkersCommandInParent()
    {
        int start = FreeRange(3);
        await using HostProcess host = await HostProcess.StartAsync(
            $"[DEFAULT]\nbackdoor_port = {start}:{start + 2}\n", new Dictionary<string, string> { ["BACKDOOR_HOST_WORKERS"] = "2" });

        // The parent binds first (its launcher starts while the workers boot); the workers take the next ports.
        Assert.Equal(start, host.Port);
        await using ConsoleClient parent = await ConsoleClient.ConnectTcpAsync(start);
        Assert.Contains("(Parent)", parent.Banner, StringComparison.Ordinal);
        string workers = await parent.RunAsync("workers");
        Assert.StartsWith("2 worker(s)\n", workers, StringComparison.Ordinal);
        int[] pids = [.. System.Text.RegularExpressions.Regex.Matches(workers, @"pid (\d+)\s+id (\d)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.Equal(2, pids.Length);
        Assert.Matches(@"id 0\s+DemoService\s+up \d+ s\s+restarts 0", workers);
        Assert.Matches(@"id 1\s+DemoService\s+up \d+ s\s+restarts 0", workers);

        var seen = new List<int>();
        foreach (int port in new[] { start + 1, start + 2 })
        {
            await using ConsoleClient worker = await ConsoleClient.ConnectTcpAsync(port);
            Assert.Contains("(Worker)", worker.Banner, StringComparison.Ordinal);
            seen.Add(int.Parse((await worker.RunAsync("Process.Id")).Trim(), CultureInfo.InvariantCulture));
            Assert.Equal($"{port}\n", await worker.RunAsync("Launcher.BackdoorPort"));
            Assert.Equal("[DemoService]\n", await worker.RunAsync("Services"));
        }

        Assert.Equal(pids.Order(), seen.Order());

        // A worker killed behind the launcher's back is respawned; the parent's console counts the respawn.
        using (var victim = System.Diagnostics.Process.GetProcessById(pids[0]))
        {
            victim.Kill();
        }

        using var deadline = new CancellationTokenSource(HostProcess.Deadline);
        string after = "";
        while (!System.Text.RegularExpressions.Regex.IsMatch(after, @"restarts 1\n"))
        {
            await Task.Delay(200, deadline.Token);
            after = await parent.RunAsync("workers");
        }

        Assert.DoesNotContain($"pid {pids[0]} ", after, StringComparison.Ordinal);
        Assert.Contains($"pid {pids[1]} ", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnixSocket_PidReplaced_Mode0600_StaleFileReplaced()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_socket = $DIR/bd-{pid}.sock\n");

        string path = Path.Combine(host.Directory, $"bd-{host.Pid}.sock");
        Assert.Equal(path, host.Backdoor);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await host.WaitForLineAsync(l => l.Contains($"Backdoor listening on {path} for process {host.Pid}", StringComparison.Ordinal));
        await using (ConsoleClient client = await ConsoleClient.ConnectUnixAsync(path))
        {
            Assert.Equal("7\n", await client.RunAsync("3 + 4"));
        }

        // A second host on a fixed path left behind by a crash: the stale socket is replaced.
        string fixedPath = Path.Combine(host.Directory, "stale.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            crashed.Bind(new UnixDomainSocketEndPoint(fixedPath));
        }

        await using HostProcess second = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_socket = {fixedPath}\n");
        Assert.Equal(fixedPath, second.Backdoor);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fixedPath));
        await using ConsoleClient again = await ConsoleClient.ConnectUnixAsync(fixedPath);
        Assert.Equal("5\n", await again.RunAsync("10 / 2"));
    }

    [Fact]
    public async Task UnixSocket_FixedPathLiveOrNotASocket_NotTakenOver_WarningAndServiceRuns()
    {
        await using HostProcess first = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_socket = $DIR/fixed.sock\n");
        string path = Path.Combine(first.Directory, "fixed.sock");
        string notes = Path.Combine(first.Directory, "notes.txt");
        await File.WriteAllTextAsync(notes, "not a socket");

        await using HostProcess second = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_socket = {path}\n");
        await using HostProcess third = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_socket = {notes}\n");

        Assert.Equal("none", second.Backdoor);
        await second.WaitForLineAsync(l => l.StartsWith("warn:", StringComparison.Ordinal)
            && l.Contains($"Backdoor not enabled: backdoor_socket {path} is refused (process {second.Pid}): another process listens on {path} already", StringComparison.Ordinal));
        Assert.True(await second.PingAsync() >= 0);
        Assert.Equal("none", third.Backdoor);
        await third.WaitForLineAsync(l => l.Contains($"{notes} exists and is not a socket", StringComparison.Ordinal));
        Assert.Equal("not a socket", await File.ReadAllTextAsync(notes));
        await using ConsoleClient client = await ConsoleClient.ConnectUnixAsync(path);
        Assert.Equal($"{first.Pid}\n", await client.RunAsync("Process.Id"));
    }

    [Fact]
    public async Task UnixSocket_BadFormat_OslosWarningAndRawPath()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_socket = $DIR/bd-{broken}.sock\n");

        string raw = Path.Combine(host.Directory, "bd-{broken}.sock");
        Assert.Equal(raw, host.Backdoor);
        await host.WaitForLineAsync(l => l.Contains(
            $"Could not apply format string to eventlet backdoor socket path ({raw}) - continuing with unformatted path", StringComparison.Ordinal));
        await using ConsoleClient client = await ConsoleClient.ConnectUnixAsync(raw);
        Assert.Equal("1\n", await client.RunAsync("1"));
    }

    [Fact]
    public async Task SocketWinsWhenBothAreSet()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\nbackdoor_socket = $DIR/both.sock\n");

        Assert.Equal(Path.Combine(host.Directory, "both.sock"), host.Backdoor);
        Assert.DoesNotContain(host.Transcript, l => l.Contains("Backdoor listening on 127.0.0.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc", "'abc' is not a port number")]
    [InlineData("9000:8000", "the end of the range (8000) is lower than its start (9000)")]
    [InlineData("70000", "70000 is outside 1-65535")]
    [InlineData("1:x", "'x' is not a port number")]
    public async Task InvalidPort_ClearErrorNamingOptionValueAndForms(string value, string detail)
    {
        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = {value}\n", waitReady: false);

        string error = await host.WaitForLineAsync(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Equal(
            $"error: Invalid value '{value}' for option [DEFAULT] backdoor_port: {detail}. Accepted forms: "
            + "0 (a free port chosen by the system), <port> (1-65535; the backdoor is not enabled if it is in use), "
            + "or <start>:<end> (the lowest free port in that range, 1 <= start <= end <= 65535)",
            error);
        Assert.Equal(2, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task OptionsSetWithoutTheConsole_WarnsHowToEnableIt()
    {
        await using HostProcess host = await HostProcess.StartAsync(
            "[DEFAULT]\nbackdoor_port = 0\n", new Dictionary<string, string> { ["BACKDOOR_HOST_NO_CONSOLE"] = "1" });

        Assert.Equal("none", host.Backdoor);
        await host.WaitForLineAsync(l => l.StartsWith("warn:", StringComparison.Ordinal)
            && l.Contains("backdoor_port is set (0) but the debug console is not enabled; call launcher.UseBackdoor()", StringComparison.Ordinal));
    }

    private static IPAddress[] ListeningAddresses(int pid, int port)
    {
        var addresses = new List<IPAddress>();
        foreach (string file in new[] { "tcp", "tcp6" })
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/net/{file}").Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string[] local = fields[1].Split(':');
                if (fields[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    byte[] bytes = Convert.FromHexString(local[0]);
                    if (file == "tcp")
                    {
                        Array.Reverse(bytes);
                    }

                    addresses.Add(new IPAddress(bytes));
                }
            }
        }

        return [.. addresses];
    }

    internal static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    // Ports outside the ephemeral range (32768+), so the system does not hand them out in the middle of the test.
    private static int FreeRange(int count)
    {
        for (int start = 20000 + Random.Shared.Next(0, 5000); start < 32000; start += count)
        {
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException("No free port range found.");
    }

    private static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
