using System.Text.RegularExpressions;
using Oslo.Service.Backdoor.Tests.Infrastructure;

namespace Oslo.Service.Backdoor.Tests.Functional;

/// <summary>The console itself, over a real connection to a real host process.</summary>
public sealed class ConsoleTests
{
    private const string Config = "[DEFAULT]\nbackdoor_port = 0\n[demo]\npassword = s3cr3t-from-file\n";

    [Fact]
    public async Task Evaluation_KeepsStateAcrossLines_WithServiceObjectsInScope()
    {
        await using HostProcess host = await HostProcess.StartAsync(Config);
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);

        Assert.Equal("", await client.RunAsync("var x = 40;"));
        Assert.Equal("42\n", await client.RunAsync("x + 2"));
        Assert.Equal("", await client.RunAsync("int Twice(int v) => v * 2;"));
        Assert.Equal("84\n", await client.RunAsync("Twice(x + 2)"));
        Assert.Equal("[DemoService]\n", await client.RunAsync("Services"));
        Assert.Equal($"{host.Port}\n", await client.RunAsync("((Oslo.Service.Extensions.IBackdoorPortAware)Services[0]).BackdoorPort"));
        Assert.Equal("0\n", await client.RunAsync("Conf.GetValue<string>(\"backdoor_port\")"));
        Assert.Equal($"{host.Pid}\n", await client.RunAsync("Process.Id"));
        Assert.Equal("SingleProcess\n", await client.RunAsync("Context.Role"));
        Assert.Equal("[1, 2, 3]\n", await client.RunAsync("new List<int> { 1, 2, 3 }"));

        // A multi-line statement: the console asks for more until the submission is complete.
        await client.SendRawAsync("for (int i = 0; i < 3; i++)\n");
        Assert.Equal("", await client.ReadUntilAsync("... "));
        Assert.Equal("0\n1\n2\n", await client.RunAsync("    Print(i);"));
    }

    [Fact]
    public async Task Helpers_ReturnRealData()
    {
        string profiles = Path.Combine(Path.GetTempPath(), "bdprof-" + Guid.NewGuid().ToString("N")[..8]);
        await using HostProcess host = await HostProcess.StartAsync(
            Config, new Dictionary<string, string> { ["BACKDOOR_HOST_PROFILE_DIR"] = profiles });
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
        try
        {
            string help = await client.RunAsync("help");
            foreach (string command in new[] { "fo <Type>", "pgt", "pnt", "prof start", "prof stop [name]", "gc | memory", "threadpool", "timers", "config", "services", "periodic", "workers", "cancel", "exit | quit" })
            {
                Assert.Contains(command, help, StringComparison.Ordinal);
            }

            Assert.Equal("Don't use this, just disconnect instead\n", await client.RunAsync("exit"));
            Assert.Equal("Don't use this, just disconnect instead\n", await client.RunAsync("quit()"));

            Assert.StartsWith("Oslo.Service.BackdoorHost.DemoService: 1 reachable object(s)\n  DemoService\n", await client.RunAsync("fo DemoService"), StringComparison.Ordinal);
            Assert.Equal("1\n", await client.RunAsync("fo<Oslo.Config.ConfigOpts>().Count"));

            string pgt = await client.RunAsync("pgt");
            Assert.Contains("Oslo.Service.BackdoorHost!Program", pgt, StringComparison.Ordinal);
            // Every managed thread is listed with its own frames; which runtime threads exist (the timer thread, the
            // finalizer) and whether the sample caught one in native code varies, so only the main thread is named
            // (CI once caught the timer thread with "[Native Frames]" only).
            Assert.True(Regex.Matches(pgt, @"^Thread \d+ \(0x[0-9A-F]+\):\n", RegexOptions.Multiline).Count >= 2, pgt);
            Assert.Matches(@"\d+ managed thread\(s\)\n$", pgt);
            string pnt = await client.RunAsync("pnt()");
            Assert.Contains($"OS thread {host.Pid} ", pnt, StringComparison.Ordinal);
            Assert.Contains("Oslo.Service.BackdoorHost!Program", pnt, StringComparison.Ordinal);

            Assert.StartsWith("Profiling started", await client.RunAsync("prof start"), StringComparison.Ordinal);
            Assert.Equal("", await client.RunAsync("for (var i = 0; i < 2_000_000; i++) { _ = i.ToString(); }"));
            string stopped = await client.RunAsync("prof('demo')");
            string trace = Path.Combine(profiles, "demo.nettrace");
            Assert.StartsWith($"Profile written to {trace} (", stopped, StringComparison.Ordinal);
            Assert.True(new FileInfo(trace).Length > 1000);
            Assert.Equal("Nettrace"u8.ToArray(), File.ReadAllBytes(trace)[..8]);

            Assert.Matches(@"collections gen0/gen1/gen2\s+\d+/\d+/\d+", await client.RunAsync("gc"));
            Assert.Matches(@"collections gen0/gen1/gen2\s+[1-9]\d*/[1-9]\d*/[1-9]\d*", await client.RunAsync("gc collect"));
            Assert.Matches(@"pool threads\s+[1-9]", await client.RunAsync("threadpool"));
            Assert.Matches(@"active timers\s+[1-9]", await client.RunAsync("timers"));

            string config = await client.RunAsync("config");
            Assert.Contains("  password = ****\n", config, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-from-file", config, StringComparison.Ordinal);
            Assert.Contains("  greeting = hello\n", config, StringComparison.Ordinal);
            Assert.Contains("  backdoor_port = 0\n", config, StringComparison.Ordinal);

            Assert.Contains("[0] DemoService (Oslo.Service.BackdoorHost.DemoService)", await client.RunAsync("services"), StringComparison.Ordinal);
            // The report is read once the task has run (a loaded CI machine may not have run it yet); the whole
            // report is the failure message, since Assert.Matches would show only its first characters.
            var ranBy = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await client.RunAsync("((Oslo.Service.BackdoorHost.DemoService)Services[0]).Periodic.Runs >= 1") != "true\n")
            {
                Assert.True(DateTime.UtcNow < ranBy, "ReportState never ran in 30 s");
                await Task.Delay(100);
            }

            string periodic = await client.RunAsync("periodic");
            Assert.True(Regex.IsMatch(periodic, @"DemoPeriodicTasks\.ReportState\s+spacing 1 s\s+last \d\d:\d\d:\d\d \([-+]\d+\.\d s\)\s+next \d\d:\d\d:\d\d"), periodic);
            Assert.True(Regex.IsMatch(periodic, @"DemoPeriodicTasks\.Hourly\s+spacing 3600 s\s+last \d\d:\d\d:\d\d \(-\d+\.\d s\)\s+next \d\d:\d\d:\d\d \(\+3\d\d\d\.\d s\)"), periodic);
            Assert.Equal($"No workers: process {host.Pid} is not a process launcher's parent (SingleProcess)\n", await client.RunAsync("workers"));
        }
        finally
        {
            if (Directory.Exists(profiles))
            {
                Directory.Delete(profiles, recursive: true);
            }
        }
    }

    [Fact]
    public async Task SeveralSessions_AreIsolated_AndClosingOneLeavesTheOthers()
    {
        await using HostProcess host = await HostProcess.StartAsync(Config);
        await using ConsoleClient first = await ConsoleClient.ConnectTcpAsync(host.Port);
        await using ConsoleClient second = await ConsoleClient.ConnectTcpAsync(host.Port);

        Assert.Contains("session 1", first.Banner, StringComparison.Ordinal);
        Assert.Contains("session 2", second.Banner, StringComparison.Ordinal);
        Assert.Equal("", await first.RunAsync("var onlyHere = 1;"));
        Assert.Contains("error CS0103: The name 'onlyHere' does not exist", await second.RunAsync("onlyHere"), StringComparison.Ordinal);
        Assert.Equal("", await second.RunAsync("var onlyHere = 2;"));

        // Disconnecting in the middle of an evaluation ends that session only.
        await first.SendRawAsync("while (true) { }\n");
        first.Socket.Close();
        Assert.Equal("2\n", await second.RunAsync("onlyHere"));
        await using ConsoleClient third = await ConsoleClient.ConnectTcpAsync(host.Port);
        Assert.Equal("3\n", await third.RunAsync("1 + 2"));
        Assert.True(await host.PingAsync() >= 0);
    }

    [Fact]
    public async Task Token_RequiredWhenConfigured()
    {
        await using HostProcess host = await HostProcess.StartAsync(Config, new Dictionary<string, string> { ["BACKDOOR_HOST_TOKEN"] = "open-sesame" });

        await using (ConsoleClient wrong = await ConsoleClient.ConnectTcpAsync(host.Port, until: "Token: "))
        {
            Assert.Equal("Authentication failed\n<closed>", await wrong.RunAsync("1 + 1"));
        }

        await using (ConsoleClient silent = await ConsoleClient.ConnectTcpAsync(host.Port, until: "Token: "))
        {
            // Nothing but the token question is sent before the token.
            Assert.Equal("", silent.Banner);
        }

        await using ConsoleClient right = await ConsoleClient.ConnectTcpAsync(host.Port, until: "Token: ");
        await right.SendRawAsync("open-sesame\n");
        Assert.Contains("Oslo.Service debug console", await right.ReadUntilAsync(">>> "), StringComparison.Ordinal);
        Assert.Equal("2\n", await right.RunAsync("1 + 1"));
        await host.WaitForLineAsync(l => l.Contains("rejected: wrong token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongEvaluation_IsCancelled_ByCommandAndByCtrlC_ServiceUnharmed()
    {
        await using HostProcess host = await HostProcess.StartAsync(Config);
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
        Assert.Equal("", await client.RunAsync("var spins = 0L;"));

        await client.SendRawAsync("while (true) { if (++spins == 1000) Print(\"spinning\"); }\n");
        Assert.Equal("", await client.ReadUntilAsync("spinning\n"));
        Assert.Equal("Cancelled.\n", await client.RunAsync("cancel"));
        Assert.Equal("true\n", await client.RunAsync("spins >= 1000"));

        // Telnet's Ctrl-C (IAC IP) and a raw ETX byte both interrupt too.
        await client.SendRawAsync("Print(\"waiting\"); await Task.Delay(TimeSpan.FromMinutes(5), Cancellation);\n");
        Assert.Equal("", await client.ReadUntilAsync("waiting\n"));
        await client.SendBytesAsync([255, 244]);
        Assert.Equal("Cancelled.\n", await client.ReadUntilAsync(">>> "));
        await client.SendRawAsync("Print(\"counting\"); foreach (var n in Enumerable.Range(0, int.MaxValue)) { spins += n % 2; }\n");
        Assert.Equal("", await client.ReadUntilAsync("counting\n"));
        await client.SendBytesAsync([3]);
        Assert.Equal("Cancelled.\n", await client.ReadUntilAsync(">>> "));

        Assert.Equal("5\n", await client.RunAsync("2 + 3"));
        // The service's 200 ms heartbeat keeps ticking. Polled with a deadline rather than read once after 500 ms: on
        // 2 cores, right after abandoned CPU-bound evaluations, the thread pool can take a moment to run its timer.
        long before = await host.PingAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long after = before;
        while (after <= before && DateTime.UtcNow < deadline)
        {
            await host.WaitForLineAsync(_ => false, TimeSpan.FromMilliseconds(250)).ContinueWith(_ => { });
            after = await host.PingAsync();
        }

        Assert.True(after > before, $"heartbeat stuck at {before} for 10 s");
    }

    [Fact]
    public async Task CrashingEvaluation_IsPrinted_ServiceKeepsServing()
    {
        await using HostProcess host = await HostProcess.StartAsync(Config);
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
        Assert.Equal("", await client.RunAsync("var kept = \"still here\";"));

        string crash = await client.RunAsync("throw new InvalidOperationException(\"boom\");");
        Assert.StartsWith("System.InvalidOperationException: boom\n", crash, StringComparison.Ordinal);
        Assert.Contains("error CS0103: The name 'undefinedThing' does not exist", await client.RunAsync("undefinedThing + 1"), StringComparison.Ordinal);
        Assert.StartsWith("System.NullReferenceException", await client.RunAsync("((string)null!).Length"), StringComparison.Ordinal);
        Assert.StartsWith("System.DivideByZeroException", await client.RunAsync("int zero = 0; kept.Length / zero"), StringComparison.Ordinal);

        Assert.Equal("still here\n", await client.RunAsync("kept"));
        Assert.Contains("DemoService", await client.RunAsync("services"), StringComparison.Ordinal);
        Assert.True(await host.PingAsync() >= 0);
    }
}
