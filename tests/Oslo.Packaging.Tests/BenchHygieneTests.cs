using System.Diagnostics;

using Oslo.Packaging.Tests.NativeAot;
using System.Runtime.Versioning;

namespace Oslo.Packaging.Tests;

/// <summary>
/// The real <c>bench/run</c> killed with SIGKILL in the middle of the http scenario — no handler of it can run —
/// leaves none of the processes it started behind: not the servers, not their workers or forked children, not wrk.
/// The processes of one run are found by a variable only that run's environment holds (every process the bench
/// starts inherits it, whatever session or process group it moved to), never by name.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BenchHygieneTests
{
    private static readonly TimeSpan s_midScenarioDeadline = TimeSpan.FromMinutes(15); // a build and a cold start on a busy machine
    private static readonly TimeSpan s_goneWithin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One system under load each: ours (HelloApi's parent and 2 workers), Python oslo.service's ProcessLauncher
    /// (forked workers) and gunicorn's sync workers (which look for their arbiter only every 15 s); and the run of two
    /// scenarios, where bench/run stays a shell with the bench program as its child.
    /// </summary>
    [Theory]
    [InlineData("ours", new[] { "http", "--repeat", "1", "--systems", "ours", "--warmup", "1s", "--duration", "300s" })]
    [InlineData("oslo", new[] { "http", "--repeat", "1", "--systems", "oslo", "--warmup", "1s", "--duration", "300s" })]
    [InlineData("gunicorn", new[] { "http", "--repeat", "1", "--systems", "gunicorn_sync", "--warmup", "1s", "--duration", "300s" })]
    [InlineData("two scenarios", new[] { "http", "config" })]
    public async Task BenchRun_KilledMidScenario_LeavesNoProcessBehind(string system, string[] args)
    {
        string mark = $"OSLO_BENCH_TEST_MARK={Guid.NewGuid():N}";
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "bench", "run"))
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // `dotnet test` sets MSBuild's variables for its own build; the bench's builds must not inherit them.
        foreach (string name in start.Environment.Keys.Where(IsTestHostVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment[mark[..mark.IndexOf('=')]] = mark[(mark.IndexOf('=') + 1)..];
        start.Environment["BENCH_REPEAT"] = "1";
        start.Environment["BENCH_INSTALL_PEERS"] = "0";

        // A killed run must leave the results of the last complete run as they were (a full run killed half-way once
        // emptied the committed latest-figures.txt).
        Dictionary<string, string> results = ResultFiles();
        using var bench = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        bench.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        bench.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
        List<int> seen = [];
        try
        {
            // Mid-scenario: the server answers and wrk loads it.
            var clock = Stopwatch.StartNew();
            while (!Marked(mark).Any(pid => Command(pid) == "wrk"))
            {
                Assert.False(bench.HasExited, $"{system}: bench/run ended before its load started:\n{Output(output)}");
                Assert.True(clock.Elapsed < s_midScenarioDeadline, $"{system}: no wrk of the bench within {s_midScenarioDeadline}:\n{Output(output)}");
                await Task.Delay(200);
            }

            seen = Marked(mark);
            string before = Describe(seen);
            // The bench, the server (parent and its workers, or forked children) and wrk at the least.
            Assert.True(seen.Count >= 3, $"{system}: only these processes of the bench were found:\n{before}");

            Assert.Equal(0, Posix.Kill(bench.Id, Posix.SigKill));
            clock.Restart();
            List<int> left = Marked(mark);
            while (left.Count > 0 && clock.Elapsed < s_goneWithin)
            {
                await Task.Delay(50);
                left = Marked(mark);
            }

            Assert.True(left.Count == 0,
                $"{system}: {left.Count} process(es) of the bench left {s_goneWithin.TotalSeconds} s after its SIGKILL:\n{Describe(left)}\nbefore the kill:\n{before}");
            Assert.Equal(results, ResultFiles());
        }
        finally
        {
            // Whatever the outcome, nothing of this test outlives it: the pids it found, by pid.
            foreach (int pid in Marked(mark).Concat(seen).Append(bench.Id).Distinct())
            {
                _ = Posix.Kill(pid, Posix.SigKill);
            }
        }
    }

    // Every file of bench/results with its content.
    private static Dictionary<string, string> ResultFiles()
    {
        string directory = Path.Combine(RepositoryRoot.Path, "bench", "results");
        return Directory.EnumerateFiles(directory).ToDictionary(path => Path.GetRelativePath(directory, path), File.ReadAllText);
    }

    /// <summary>
    /// <c>bench/run SCENARIO --help</c> prints the scenario's options and runs nothing, for every scenario the bench
    /// program lists (<c>http --help</c> used to run the whole scenario).
    /// </summary>
    [Fact]
    public async Task BenchRun_ScenarioHelp_PrintsItsOptionsAndRunsNothing()
    {
        ProcessResult list = await RunBenchAsync(["--help"], TimeSpan.FromMinutes(15)); // builds the bench
        string scenarios = list.Stderr.Split('\n').Single(line => line.StartsWith("scenarios: ", StringComparison.Ordinal));
        string[] names = scenarios["scenarios: ".Length..].Split(", ");
        Assert.Contains("http", names);

        foreach (string name in names)
        {
            ProcessResult help = await RunBenchAsync([name, "--help"], TimeSpan.FromMinutes(2));
            Assert.True(help.ExitCode == 0, help.Describe());
            Assert.StartsWith($"usage: bench/run {name} [--repeat N] [options]\n", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("\n  --repeat N ", help.Stdout, StringComparison.Ordinal);
            // Nothing ran: no figure line, no repetition.
            Assert.DoesNotMatch(@"(?m)^[a-z]+\.[a-z0-9_]+\.[a-z0-9_]+=", help.Stdout);
            Assert.DoesNotContain("repetition", help.Stderr, StringComparison.Ordinal);
        }

        ProcessResult http = await RunBenchAsync(["http", "--help"], TimeSpan.FromMinutes(2));
        Assert.Contains("\n  --systems A,B ", http.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  --duration D ", http.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The bare Kestrel peer ends on the SIGTERM the http scenario stops every system with. It used to start a second
    /// server instead (the serving mode went through the scenario's repetitions), which ran until the bench's 30 s
    /// deadline killed it.
    /// </summary>
    [Fact]
    public async Task KestrelPeer_Sigterm_Exits()
    {
        ProcessResult built = await RunBenchAsync(["--help"], TimeSpan.FromMinutes(15)); // builds the bench
        Assert.True(built.ExitCode == 0, built.Describe());
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[Path.Combine(RepositoryRoot.Path, "bench", "Oslo.Bench", "bin", "Release", "net10.0", "Oslo.Bench.dll"), "--serve-kestrel", $"{port}"])
        {
            start.ArgumentList.Add(arg);
        }

        using var peer = Process.Start(start)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string? line;
            do
            {
                line = await peer.StandardOutput.ReadLineAsync(deadline.Token);
            }
            while (line is not null && !line.Contains("listening on", StringComparison.Ordinal));

            Assert.NotNull(line);
            Task<string> stderr = peer.StandardError.ReadToEndAsync(deadline.Token);
            Assert.Equal(0, Posix.Kill(peer.Id, Posix.SigTerm));
            using var exitDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await peer.WaitForExitAsync(exitDeadline.Token);
            Assert.DoesNotContain("repetition", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!peer.HasExited)
            {
                _ = Posix.Kill(peer.Id, Posix.SigKill);
            }
        }
    }

    private static Task<ProcessResult> RunBenchAsync(IReadOnlyList<string> args, TimeSpan timeout) =>
        ProcessResult.RunAsync(Path.Combine(RepositoryRoot.Path, "bench", "run"), args, RepositoryRoot.Path,
            new Dictionary<string, string?> { ["BENCH_INSTALL_PEERS"] = "0" }, timeout);

    /// <summary>The live processes whose environment holds <paramref name="mark"/> (zombies have none).</summary>
    private static List<int> Marked(string mark)
    {
        List<int> pids = [];
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid))
            {
                continue;
            }

            try
            {
                byte[] environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (System.Text.Encoding.UTF8.GetString(environ).Split('\0').Contains(mark))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone while being read.
            }
        }

        return pids;
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Describe(IEnumerable<int> pids) => string.Join('\n', pids.Select(pid =>
    {
        try
        {
            string cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"  pid {pid} ppid {fields[1]} pgid {fields[2]} state {fields[0]}: {cmdline}";
        }
        catch (IOException)
        {
            return $"  pid {pid}: gone";
        }
    }));

    private static string Output(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static bool IsTestHostVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.Ordinal);
}
