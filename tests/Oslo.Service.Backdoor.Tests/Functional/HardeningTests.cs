using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using Oslo.Service.Backdoor.Tests.Infrastructure;

namespace Oslo.Service.Backdoor.Tests.Functional;

/// <summary>
/// The console against hostile local users and operators on a bad day: idle connections, wrong tokens, a token file
/// others can read, floods of input, profiles in /tmp, and a console removed from the config then SIGHUP.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class HardeningTests
{
    private const int SigHup = 1;

    [Fact]
    public async Task IdleConnections_HoldNoSessionSlot_OperatorGetsIn_IdleOnesClosedAtTheAuthDeadline()
    {
        using var token = TokenFile.Create("operator-secret");
        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = 0\nbackdoor_token_file = {token.Path}\n");

        // Twelve connections that never send anything (nc -z, a port scanner, a hostile local user): more than MaxSessions (8).
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 12; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Port));
                idle.Add(socket);
            }

            await using (ConsoleClient operatorClient = await ConsoleClient.ConnectTcpAsync(host.Port, until: "Token: "))
            {
                await operatorClient.SendRawAsync("operator-secret\n");
                Assert.Contains("Oslo.Service debug console", await operatorClient.ReadUntilAsync(">>> "), StringComparison.Ordinal);
                Assert.Equal("2\n", await operatorClient.RunAsync("1 + 1"));
            }

            // The silent ones are closed once the authentication deadline (10 s) has passed.
            bool[] closed = await Task.WhenAll(idle.Select(s => IsClosedAsync(s, TimeSpan.FromSeconds(30))));
            Assert.All(closed, Assert.True);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task WrongTokens_Rejected_RefusalsLoggedRateLimited()
    {
        using var token = TokenFile.Create("right-token");
        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = 0\nbackdoor_token_file = {token.Path}\n");
        for (int i = 0; i < 30; i++)
        {
            await using ConsoleClient wrong = await ConsoleClient.ConnectTcpAsync(host.Port, until: "Token: ");
            Assert.Equal("Authentication failed\n<closed>", await wrong.RunAsync("guess-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        await host.WaitForLineAsync(l => l.Contains("rejected", StringComparison.Ordinal));
        int logged = host.Transcript.Count(l => l.Contains("rejected", StringComparison.Ordinal));
        Assert.InRange(logged, 1, 3);
    }

    [Fact]
    public async Task TokenFile_ReadableByOthers_RefusedAtStart()
    {
        using var token = TokenFile.Create("shared-secret", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using HostProcess host = await HostProcess.StartAsync($"[DEFAULT]\nbackdoor_port = 0\nbackdoor_token_file = {token.Path}\n", waitReady: false);
        string error = await host.WaitForLineAsync(l => l.Contains(token.Path, StringComparison.Ordinal) && l.Contains("readable by", StringComparison.Ordinal));
        Assert.NotEqual(0, await host.WaitForExitAsync());
        Assert.DoesNotContain(host.Transcript, l => l.StartsWith("ready ", StringComparison.Ordinal));
        Assert.Contains("backdoor_token_file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpConsoleWithoutToken_WarnsAtStartWhoCanUseIt()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\n");
        string warning = await host.WaitForLineAsync(l => l.Contains("without a token", StringComparison.Ordinal));
        Assert.Contains("any local user", warning, StringComparison.Ordinal);
        Assert.Contains("backdoor_token_file", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FloodOfUnfinishedInput_SessionEnded_ServiceUnharmed()
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\n");
        await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
        long before = await host.PingAsync();

        // An unfinished block that never ends: 4 MiB of statements after an opening brace.
        byte[] line = Encoding.UTF8.GetBytes("int unused = 1; // " + new string('p', 100) + "\n");
        byte[] chunk = [.. Enumerable.Repeat(line, 512).SelectMany(b => b)];
        await client.SendRawAsync("{\n");
        try
        {
            for (int sent = 0; sent < 4 << 20; sent += chunk.Length)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.Socket.SendAsync(chunk, SocketFlags.None, deadline.Token);
            }
        }
        catch (SocketException)
        {
            // Closed by the console while we were still sending: what we want.
        }
        catch (OperationCanceledException)
        {
            // The console stopped reading (bounded buffers push back); it must still end the session below.
        }

        Assert.True(await IsClosedAsync(client.Socket, TimeSpan.FromSeconds(30)), "the session was not ended");
        await host.WaitForLineAsync(l => l.Contains("input too long", StringComparison.Ordinal));
        Assert.True(await host.PingAsync() >= before);
    }

    [Fact]
    public async Task ProfileFile_IsReadableByItsOwnerOnly()
    {
        string profiles = Path.Combine(Path.GetTempPath(), "bdprof-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\n", new Dictionary<string, string> { ["BACKDOOR_HOST_PROFILE_DIR"] = profiles });
            await using ConsoleClient client = await ConsoleClient.ConnectTcpAsync(host.Port);
            Assert.StartsWith("Profiling started", await client.RunAsync("prof start"), StringComparison.Ordinal);
            Assert.StartsWith("Profile written to", await client.RunAsync("prof('mode')", TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(profiles, "mode.nettrace")));
        }
        finally
        {
            if (Directory.Exists(profiles))
            {
                Directory.Delete(profiles, recursive: true);
            }
        }
    }

    // Only 'reload': backdoor_port and backdoor_socket are not mutable in oslo.service, so a 'mutate' SIGHUP keeps
    // their old values (oslo.config logs "Ignoring change to immutable option"), here as there (docs/differences.md).
    [Theory]
    [InlineData("reload")]
    public async Task ConsoleRemovedThenAddedBack_Sighup_FollowsTheConfigInParentAndWorkers(string restartMethod)
    {
        await using HostProcess host = await HostProcess.StartAsync("[DEFAULT]\nbackdoor_port = 0\n", new Dictionary<string, string>
        {
            ["BACKDOOR_HOST_WORKERS"] = "2",
            ["BACKDOOR_HOST_RESTART_METHOD"] = restartMethod,
        });
        await WaitForCountAsync(host, "Backdoor listening on 127.0.0.1:", 3);
        int[] ports = [.. Listening(host)];
        Assert.All(ports, p => Assert.True(CanConnect(p), $"port {p} does not answer"));

        // Removed from the config, then SIGHUP: no console anywhere (parent, and workers mutated or replaced).
        string config = Path.Combine(host.Directory, "host.conf");
        await File.WriteAllTextAsync(config, "[DEFAULT]\n");
        Assert.Equal(0, Kill(host.Pid, SigHup));
        using (var deadline = new CancellationTokenSource(HostProcess.Deadline))
        {
            while (ports.Any(CanConnect))
            {
                await Task.Delay(200, deadline.Token);
            }
        }

        int listeningBefore = host.Transcript.Count(l => l.Contains("Backdoor listening on", StringComparison.Ordinal));

        // Added back: the parent (and, mutated or replaced, each worker) opens a console again.
        await File.WriteAllTextAsync(config, "[DEFAULT]\nbackdoor_port = 0\n");
        Assert.Equal(0, Kill(host.Pid, SigHup));
        await WaitForCountAsync(host, "Backdoor listening on 127.0.0.1:", listeningBefore + 3);
        int parentPort = Listening(host).Last(p => !ports.Contains(p));
        await using ConsoleClient again = await ConsoleClient.ConnectTcpAsync(parentPort);
        Assert.Equal("2\n", await again.RunAsync("1 + 1"));
    }

    private static IEnumerable<int> Listening(HostProcess host) =>
        host.Transcript.Select(l => ListeningPort().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static async Task WaitForCountAsync(HostProcess host, string text, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (host.Transcript.Count(l => l.Contains(text, StringComparison.Ordinal)) < count)
        {
            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"fewer than {count} lines with '{text}':\n" + string.Join('\n', host.Transcript));
            }
        }
    }

    private static bool CanConnect(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> IsClosedAsync(Socket socket, TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        byte[] buffer = new byte[65536];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static int Kill(int pid, int signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal.ToString(CultureInfo.InvariantCulture)} {pid.ToString(CultureInfo.InvariantCulture)}");
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"Backdoor listening on 127\.0\.0\.1:(\d+) ")]
    private static partial Regex ListeningPort();

    private sealed class TokenFile : IDisposable
    {
        private readonly string _directory;

        private TokenFile(string directory, string path)
        {
            _directory = directory;
            Path = path;
        }

        public string Path { get; }

        public static TokenFile Create(string token, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
        {
            string directory = Directory.CreateTempSubdirectory("bdtoken-").FullName;
            string path = System.IO.Path.Combine(directory, "token");
            File.WriteAllText(path, token + "\nsecond line ignored\n");
            File.SetUnixFileMode(path, mode);
            return new TokenFile(directory, path);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
