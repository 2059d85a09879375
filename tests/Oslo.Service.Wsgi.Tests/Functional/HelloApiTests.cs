namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>
/// samples/HelloApi under the ProcessLauncher: real processes, real signals, real sockets on 127.0.0.1. Requests
/// are served by several workers from the one socket the parent bound; a SIGHUP rolling reload under keep-alive
/// load fails no request; SIGTERM drains and exits 0.
/// </summary>
[Collection("HelloApi processes")]
public sealed class HelloApiTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task PortInUse_OneCannotStartLineAndExitOne(int workers)
    {
        using var blocker = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        blocker.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        blocker.Listen();
        int port = ((System.Net.IPEndPoint)blocker.LocalEndPoint!).Port;

        await using var hello = HelloApiProcess.Spawn(workers, "hi", bindPort: port);
        int status = await hello.WaitForExitAsync(TimeSpan.FromSeconds(60));

        string output = string.Join('\n', hello.Lines);
        Assert.True(status == 1, $"exit {status}, output:\n{output}");
        string line = Assert.Single(hello.Lines, l => l.Contains("Cannot start", StringComparison.Ordinal));
        Assert.Contains($"Cannot start: Could not bind to 127.0.0.1:{port}: Address already in use", line, StringComparison.Ordinal);
        // One line: no stack trace, no "Unhandled exception", no second report of the same failure.
        Assert.DoesNotContain(hello.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(hello.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.Single(hello.Lines, l => l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
    }

    /// <summary>
    /// #14: an invalid value in the config file stops start-up before any worker starts, with one line naming the
    /// file, line and option, and exit 1 — instead of a worker crash-looping on it while the API serves. A
    /// command-line-capable option (<c>report_interval = 0</c>, min 1) is caught by <c>ParseOrExit</c>; an option
    /// only the launcher registers (<c>[process_launcher] restart_intensity = 0</c>) by the launcher's
    /// <c>conf.Validate()</c> before it spawns anything.
    /// </summary>
    [Theory]
    [InlineData("report_interval = 0", "hello.conf:11", "report_interval")]
    [InlineData("[process_launcher]\nrestart_intensity = 0", "hello.conf:12", "restart_intensity")]
    public async Task InvalidValueInTheConfigFile_StopsBeforeAnyWorker_OneLineWithFileLineAndOption_ExitOne(string extra, string where, string option)
    {
        await using var hello = HelloApiProcess.Spawn(2, "hi", extra: extra);
        int status = await hello.WaitForExitAsync(TimeSpan.FromSeconds(60));

        string output = string.Join('\n', hello.Lines);
        Assert.True(status == 1, $"exit {status}, output:\n{output}");
        string line = Assert.Single(hello.Lines, l => l.Contains("is not valid", StringComparison.Ordinal));
        Assert.Contains($"Value for option {option} from ", line, StringComparison.Ordinal);
        Assert.Contains(where, line, StringComparison.Ordinal);
        Assert.DoesNotContain(hello.Lines, l => l.Contains("Started child", StringComparison.Ordinal) || l.Contains("Starting", StringComparison.Ordinal));
        Assert.DoesNotContain(hello.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoWorkers_RequestsServedBySeveralWorkers_SigtermExitsZero()
    {
        await using var hello = await HelloApiProcess.StartAsync(workers: 2, greeting: "hi");
        var load = new LoadGenerator(hello.Port, newConnectionPerRequest: true);
        using (var stop = new CancellationTokenSource())
        {
            var running = load.RunAsync(connections: 8, stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (load.Pids().Count < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await stop.CancelAsync();
            await running;
        }

        Assert.Equal(2, load.Pids().Count);
        Assert.All(load.Bodies, b => Assert.Matches(@"^hi from pid \d+, worker [01]$", b));
        Assert.DoesNotContain(hello.Pid, load.Pids());
        Assert.Equal(0, load.Failed);

        // The periodic task reports each worker's count.
        await hello.WaitForLineAsync(l => l.Contains("has served", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SocketActivation_ServerTakesTheSocketNamedAfterIt_EveryWorkerServes()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        // bind_port = 0 in the config: the port can only come from the activated socket.
        await using var hello = await HelloApiProcess.StartAsync(workers: 2, greeting: "activated", activatedPort: port);
        Assert.Equal(port, hello.Port);

        var load = new LoadGenerator(hello.Port, newConnectionPerRequest: true);
        using (var stop = new CancellationTokenSource())
        {
            var running = load.RunAsync(connections: 8, stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (load.Pids().Count < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await stop.CancelAsync();
            await running;
        }

        Assert.Equal(2, load.Pids().Count);
        Assert.All(load.Bodies, b => Assert.StartsWith("activated from pid ", b, StringComparison.Ordinal));
        Assert.Equal(0, load.Failed);

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task BackdoorPortSet_ConsoleEvaluatesInTheRunningService()
    {
        await using var hello = await HelloApiProcess.StartAsync(workers: 1, greeting: "hi", extra: "backdoor_port = 0");
        string line = await hello.WaitForLineAsync(l => l.Contains("Backdoor listening on 127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        int port = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"127\.0\.0\.1:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        using var stream = client.GetStream();
        Assert.Contains(">>> ", await ReadUntilAsync(stream, ">>> "), StringComparison.Ordinal);
        await stream.WriteAsync("Environment.ProcessId\n"u8.ToArray());
        string answer = await ReadUntilAsync(stream, ">>> ");
        Assert.StartsWith(hello.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", answer, StringComparison.Ordinal);

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string> ReadUntilAsync(System.Net.Sockets.NetworkStream stream, string end)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var text = new System.Text.StringBuilder();
        byte[] buffer = new byte[4096];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer, deadline.Token);
            Assert.NotEqual(0, read);
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    [Fact]
    public async Task SslSet_ServesHttpsFromEveryWorker()
    {
        using var certs = new Support.TestCertificates();
        await using var hello = await HelloApiProcess.StartAsync(workers: 2, greeting: "secure",
            extra: $"[ssl]\ncert_file = {certs.CertFile}\nkey_file = {certs.KeyFile}\n");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert!.Thumbprint == certs.Server.Thumbprint };
        using var client = new HttpClient(handler);
        var pids = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (pids.Count < 2 && DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{hello.Port}/");
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("secure from pid", body, StringComparison.Ordinal);
            pids.Add(body.Split(' ')[3]);
        }

        Assert.Equal(2, pids.Count);
    }

    [Fact]
    public async Task SighupRollingReload_UnderKeepAliveLoad_ZeroFailedRequests()
    {
        await using var hello = await HelloApiProcess.StartAsync(workers: 2, greeting: "before");
        var load = new LoadGenerator(hello.Port);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(connections: 16, stop.Token);
        await Task.Delay(1000);
        long before = load.Ok;
        var pidsBefore = load.Pids();

        File.WriteAllText(hello.ConfigFile, File.ReadAllText(hello.ConfigFile).Replace("greeting = before", "greeting = after", StringComparison.Ordinal));
        int skip = hello.Lines.Count;
        hello.Signal(Signals.SIGHUP);
        await hello.WaitForLineAsync(l => l.Contains("Reload completed", StringComparison.Ordinal), TimeSpan.FromSeconds(60), skip);
        await Task.Delay(1000);
        await stop.CancelAsync();
        await running;

        Assert.True(before > 50, $"only {before} requests before the reload");
        Assert.True(load.Ok > before + 50, "no load after the reload");
        Assert.Contains(load.Bodies, b => b.StartsWith("after from pid", StringComparison.Ordinal));
        Assert.Contains(load.Bodies, b => b.StartsWith("before from pid", StringComparison.Ordinal));
        Assert.NotEmpty(load.Pids().Except(pidsBefore));
        Assert.True(load.Failed == 0, $"{load.Failed} failed of {load.Ok + load.Failed}: {string.Join("; ", load.Failures.Take(5))}");

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task OneWorker_SighupReloadInProcess_NewGreetingAndZeroFailedRequests()
    {
        await using var hello = await HelloApiProcess.StartAsync(workers: 1, greeting: "uno");
        var load = new LoadGenerator(hello.Port);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(connections: 8, stop.Token);
        await Task.Delay(500);

        File.WriteAllText(hello.ConfigFile, File.ReadAllText(hello.ConfigFile).Replace("greeting = uno", "greeting = dos", StringComparison.Ordinal));
        int skip = hello.Lines.Count;
        hello.Signal(Signals.SIGHUP);
        await hello.WaitForLineAsync(l => l.Contains("Reload completed", StringComparison.Ordinal), TimeSpan.FromSeconds(60), skip);
        await Task.Delay(500);
        await stop.CancelAsync();
        await running;

        // Same process (the ServiceLauncher stops, resets and starts the server in place), new greeting, nothing lost.
        Assert.Equal([hello.Pid], load.Pids());
        Assert.Contains(load.Bodies, b => b.StartsWith("dos from pid", StringComparison.Ordinal));
        Assert.True(load.Failed == 0, $"{load.Failed} failed of {load.Ok + load.Failed}: {string.Join("; ", load.Failures.Take(5))}");

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
