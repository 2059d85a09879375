using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run aspnet [--duration 10s] [--warmup 30s] [--no-aot] [--request-log]</c>: an ordinary ASP.NET Core minimal API
/// (bench/apps/AspNetHello) run (a) with the one line, <c>builder.UseOsloWorkers()</c>, at 1 and 2 workers
/// (systems <c>ours_w1</c>, <c>ours_w2</c>) and (b) as plain Kestrel in one process (<c>kestrel</c>), each published
/// ReadyToRun on the shared runtime and, with a C toolchain for the link, Native AOT (the same systems with
/// <c>_aot</c>). Load: <c>wrk -t2 -c64 --latency</c> on 127.0.0.1 (keep-alive), after a warm-up run of 30 s under
/// the same load: with 5 s, freshly started workers were measured while their tiered JIT was still settling, each
/// worker compiling the hot paths for itself (docs/operations.md, "Performance"). Figures: <c>rps</c>,
/// <c>p99_ms</c>, <c>ready_ms</c> (exec → every worker's host started and serving),
/// <c>reload_failed</c> (ours: wrk's socket errors plus non-2xx answers during a run with a SIGHUP a third of the
/// way in: the rolling replacement of every worker under keep-alive load), and <c>ratio_kestrel.rps</c> /
/// <c>rps_w1</c> (ours with 2 and with 1 worker over plain Kestrel; above 1 means ours serves more), with
/// <c>cpu_us_per_req</c> and <c>ctxsw_per_req</c> (the CPU time and context switches of the server's whole process
/// group over the measured run, per request) and their ratios (plain Kestrel's over ours). Every process
/// runs in a process group of its own, killed when its measurement ends, when the bench is interrupted or exits.
/// </summary>
internal sealed partial class AspNetScenario : IScenario
{
    private const string Scenario = "aspnet";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    public string Name => Scenario;

    public string Help => """
        An ordinary ASP.NET Core minimal API with wrk -t2 -c64 on 127.0.0.1: builder.UseOsloWorkers() at 1 and 2
        workers (ours_w1, ours_w2) against plain Kestrel in one process (kestrel), ReadyToRun and Native AOT (_aot):
        rps, p99_ms, ready_ms (exec to every worker serving), reload_failed (a SIGHUP under keep-alive load), and the
        server's CPU time and context switches per request (cpu_us_per_req, ctxsw_per_req).
        options:
          --duration D      the measured run's length (default 10s)
          --warmup D        the unmeasured run before it (default 30s: freshly started workers reach their
                            steady state later than one process; docs/operations.md, "Performance")
          --no-aot          skip the Native AOT systems (no C toolchain, or to save the publish)
          --request-log     ASP.NET Core's own request log on (4 lines a request at Information; off in the
                            app's appsettings.json, as in the oslo-api and dotnet new web templates)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string measure = WrkLoad.ArgValue(args, "--duration") ?? "10s";
        string warmUp = WrkLoad.ArgValue(args, "--warmup") ?? "30s";
        string[] extra = args.Contains("--request-log") ? ["--Logging:LogLevel:Microsoft.AspNetCore=Information"] : [];
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.Error.WriteLine("bench aspnet: wrk is not installed (apt-get install wrk)");
            return 1;
        }

        string root = FindRepositoryRoot();
        string project = Path.Combine(root, "bench", "apps", "AspNetHello", "AspNetHello.csproj");
        string publishRoot = Path.Combine(root, "bench", "apps", "AspNetHello", "bin", "Release", "net10.0");
        var builds = new List<(string Suffix, string Program)>();
        string r2r = Path.Combine(publishRoot, "bench-r2r");
        if (await RunToEndAsync("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
                "-p:PublishReadyToRun=true", "-o", r2r, "-v", "quiet", "-nologo"], cancellationToken) != 0)
        {
            Console.Error.WriteLine("bench aspnet: the ReadyToRun publish of bench/apps/AspNetHello failed");
            return 1;
        }

        builds.Add(("", Path.Combine(r2r, "AspNetHello")));
        if (!args.Contains("--no-aot"))
        {
            string aot = Path.Combine(publishRoot, "bench-aot");
            if (await NativeAotPublish.PublishAsync(project, aot, cancellationToken))
            {
                builds.Add(("_aot", Path.Combine(aot, "AspNetHello")));
            }
            else
            {
                Console.Error.WriteLine("bench aspnet: the Native AOT publish failed (it links with clang: apt-get install clang); ReadyToRun only");
            }
        }

        foreach ((string suffix, string program) in builds)
        {
            // Plain Kestrel and ours back to back, so a shared machine's load shifts them alike.
            Result kestrel = await MeasureAsync(program, workers: null, extra, measure, warmUp, cancellationToken);
            Result one = await MeasureAsync(program, workers: 1, extra, measure, warmUp, cancellationToken);
            Result two = await MeasureAsync(program, workers: 2, extra, measure, warmUp, cancellationToken);
            kestrel.Print("kestrel" + suffix);
            one.Print("ours_w1" + suffix);
            two.Print("ours_w2" + suffix);
            Figures.Ratio(Scenario, "kestrel" + suffix, "rps", two.Rps, kestrel.Rps, lowerIsBetter: false);
            Figures.Ratio(Scenario, "kestrel" + suffix, "rps_w1", one.Rps, kestrel.Rps, lowerIsBetter: false);
            Figures.Ratio(Scenario, "kestrel" + suffix, "cpu_us_per_req", two.CpuUsPerRequest, kestrel.CpuUsPerRequest);
            Figures.Ratio(Scenario, "kestrel" + suffix, "cpu_us_per_req_w1", one.CpuUsPerRequest, kestrel.CpuUsPerRequest);
        }

        return 0;
    }

    /// <summary>
    /// One system: exec and wait for every serving process (ready_ms), a warm-up run, a measured run and, for ours,
    /// a run with a SIGHUP a third of the way in.
    /// </summary>
    private static async Task<Result> MeasureAsync(string program, int? workers, string[] extra, string measure, string warmUp, CancellationToken cancellationToken)
    {
        int port = WrkLoad.FreePort();
        string url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        List<string> args = ["--urls", url.TrimEnd('/'), .. extra];
        if (workers is { } count)
        {
            args.Add("--Oslo:Workers=" + count.ToString(CultureInfo.InvariantCulture));
            args.Add("--Oslo:GracefulShutdownTimeout=30");
        }
        else
        {
            args.Add("--PlainKestrel=true");
        }

        await using AppRun run = AppRun.Start(program, args);
        int serving = workers ?? 1;
        await run.WaitUntilAsync(() => run.ServingPids().Count >= serving, $"{serving} serving process(es)", cancellationToken);
        double readyMs = run.Clock.Elapsed.TotalMilliseconds;

        _ = await WrkLoad.RunAsync(url, warmUp, cancellationToken);
        // The server's own cost over the measured run: every process of its group (the parent and its workers).
        ProcessGroupUsage before = ProcessGroupUsage.Read(run.Pid);
        WrkResult throughput = await WrkLoad.RunAsync(url, measure, cancellationToken);
        ProcessGroupUsage used = ProcessGroupUsage.Read(run.Pid).Since(before);
        long? failed = null;
        if (workers is not null)
        {
            int servedBefore = run.ServingPids().Count;
            failed = (await WrkLoad.RunWithSighupAsync(url, measure, run.Pid, cancellationToken)).Failed;
            if (run.ServingPids().Count < servedBefore + serving)
            {
                Console.Error.WriteLine($"bench aspnet: {workers} worker(s): the reload did not replace every worker during the run");
            }
        }

        await run.StopAsync(cancellationToken);
        double requests = Math.Max(1, throughput.Requests);
        return new Result(throughput.Rps, throughput.P99Ms, readyMs, failed, 1e6 * used.CpuSeconds / requests, used.ContextSwitches / requests);
    }

    [GeneratedRegex(@"serving pid=(?<pid>\d+)")]
    private static partial Regex ServingLine();

    private sealed record Result(double Rps, double P99Ms, double ReadyMs, long? ReloadFailed, double CpuUsPerRequest, double ContextSwitchesPerRequest)
    {
        public void Print(string system)
        {
            Figures.Print(Scenario, system, "rps", Math.Round(Rps));
            Figures.Print(Scenario, system, "p99_ms", P99Ms);
            Figures.Print(Scenario, system, "ready_ms", Math.Round(ReadyMs, 1));
            Figures.Print(Scenario, system, "cpu_us_per_req", Math.Round(CpuUsPerRequest, 2));
            Figures.Print(Scenario, system, "ctxsw_per_req", Math.Round(ContextSwitchesPerRequest, 3));
            if (ReloadFailed is { } failed)
            {
                Figures.Print(Scenario, system, "reload_failed", failed);
            }
        }
    }

    /// <summary>
    /// One started program in a session and process group of its own (<c>setsid</c>: a daemon, so SIGHUP reloads),
    /// its output read line by line; the group is killed when disposed, and by a process-exit hook if the bench
    /// exits first (SIGTERM, an unhandled error), so no worker outlives the bench.
    /// </summary>
    private sealed class AppRun : IAsyncDisposable
    {
        private static readonly HashSet<int> s_liveGroups = [];
        private static int s_hooked;

        private readonly Process _process;
        private readonly List<string> _lines = [];

        private AppRun(Process process)
        {
            _process = process;
            _ = PumpAsync(process.StandardOutput);
            _ = PumpAsync(process.StandardError);
        }

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public int Pid => _process.Id;

        public static AppRun Start(string program, IEnumerable<string> args)
        {
            if (Interlocked.Exchange(ref s_hooked, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillLiveGroups();
            }

            // Run from the app's own folder, as a deployed app is: its content root, where appsettings.json is.
            var info = new ProcessStartInfo("setsid")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
                WorkingDirectory = Path.GetDirectoryName(program)!,
            };
            foreach (string word in args.Prepend(program))
            {
                info.ArgumentList.Add(word);
            }

            foreach (string variable in new[] { "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" })
            {
                info.Environment.Remove(variable);
            }

            var run = new AppRun(Process.Start(info)!);
            lock (s_liveGroups)
            {
                // setsid execs in place (the child is not a group leader): the pid is the new group's id.
                s_liveGroups.Add(run.Pid);
            }

            return run;
        }

        public IReadOnlyList<int> ServingPids()
        {
            lock (_lines)
            {
                return [.. _lines.Select(line => ServingLine().Match(line)).Where(m => m.Success)
                    .Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)).Distinct()];
            }
        }

        public async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition())
            {
                if (deadline.Elapsed > s_deadline || _process.HasExited)
                {
                    string transcript;
                    lock (_lines)
                    {
                        transcript = string.Join('\n', _lines.TakeLast(30));
                    }

                    throw new TimeoutException($"bench aspnet: no {what} ({(_process.HasExited ? "it exited" : "deadline")}).\n{transcript}");
                }

                await Task.Delay(2, cancellationToken);
            }
        }

        /// <summary>SIGTERM and a bounded wait for the graceful exit (the group is killed on dispose regardless).</summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Signal(Pid, SigTerm);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(40));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine("bench aspnet: the program did not exit within 40 s of SIGTERM; killing its process group");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _ = Kill(-Pid, 9);
            lock (s_liveGroups)
            {
                s_liveGroups.Remove(Pid);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
            // Let this run's processes go (and its port close) before the next one starts.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        private static void KillLiveGroups()
        {
            lock (s_liveGroups)
            {
                foreach (int group in s_liveGroups)
                {
                    _ = Kill(-group, 9);
                }
            }
        }

        private async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
