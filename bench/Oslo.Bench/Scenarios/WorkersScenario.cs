using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run workers [--kills N] [--only ready|respawn|hup|term_stuck]</c>: the ProcessLauncher against Python oslo.service 3.x's ProcessLauncher, each
/// running an equivalent idle service in N workers (tests/Oslo.Service.WorkerHost and bench/peers/workers_oslo.py), as
/// a daemon in its own session. Ours is published twice and measured for every figure: Native AOT (system
/// <c>ours</c>, ratios <c>ratio_oslo</c>) and Release ReadyToRun on the shared runtime (system <c>ours_r2r</c>,
/// ratios against oslo as <c>ratio_oslo_r2r</c>); without a C toolchain for the AOT link, ReadyToRun only. Both print "worker-ready … pid=P" when a
/// worker's service has started. Figures: <c>ready_ms_w1/w2/w4/w8</c> (exec → every worker ready; the median of
/// <c>--starts</c> starts, 5 by default, since one start varies by ±10 ms on a shared 2-core machine),
/// <c>respawn_ms</c> / <c>respawn_max_ms</c> (SIGKILL of one of 4 workers → its replacement ready; median and max
/// over N kills, 1.5 s apart so oslo's "forking too fast" guard does not trip), <c>respawn_spare_ms</c> (ours, with
/// <c>spare_workers = 1</c>), <c>hup_reload_ms</c> (SIGHUP → all 4 workers replaced), <c>hup_mutate_ms</c> (SIGHUP
/// → all 4 workers reset in place), <c>term_ms</c> (SIGTERM → parent exit, 4 idle workers; the median over the same
/// starts), <c>rss_parent_mb</c>,
/// <c>rss_worker_mb</c> (mean) and <c>pss_total_mb</c> (parent + 4 idle workers, /proc/PID/smaps_rollup).
/// One of 4 workers stuck in its stop, <c>graceful_shutdown_timeout = 5</c>: <c>term_stuck_ms</c> (SIGTERM → parent
/// exit), <c>term_stuck_orphans</c> (workers still alive half a second after the parent exited; killed by pid
/// afterwards) and <c>term_stuck_parent_cpu_pct</c> (the parent's CPU, % of one core, over the first 4.5 s of the
/// wait).
/// </summary>
internal sealed partial class WorkersScenario : IScenario
{
    private const string Scenario = "workers";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    public string Name => Scenario;

    /// <inheritdoc/>
    public string Help => """
        The ProcessLauncher against Python oslo.service's: workers ready, respawn, reload and stop times.
        options:
          --kills N         workers killed one after the other for the respawn figures (default 10)
          --starts N        starts measured for each ready_ms figure and term_ms (default 5; the median)
          --only FIGURE     one of ready, respawn, hup, term_stuck
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        int kills = 10;
        int starts = 5;
        string? only = null;
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] == "--kills")
            {
                kills = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--starts")
            {
                starts = Math.Max(1, int.Parse(args[i + 1], CultureInfo.InvariantCulture));
            }
            else if (args[i] == "--only")
            {
                only = args[i + 1];
            }
        }

        bool Wants(string part) => only is null || only == part;
        string root = FindRepositoryRoot();
        string project = Path.Combine(root, "tests", "Oslo.Service.WorkerHost", "Oslo.Service.WorkerHost.csproj");
        string publishRoot = Path.Combine(root, "tests", "Oslo.Service.WorkerHost", "bin", "Release", "net10.0");
        var systems = new List<(string System, string Ratio, string Program)>();
        if (await NativeAotPublish.PublishAsync(project, Path.Combine(publishRoot, "bench-aot"), cancellationToken))
        {
            systems.Add(("ours", "oslo", Path.Combine(publishRoot, "bench-aot", "Oslo.Service.WorkerHost")));
        }
        else
        {
            Console.Error.WriteLine("bench workers: the Native AOT publish failed (it links with clang: apt-get install clang); measuring ReadyToRun only (ours_r2r)");
        }

        string r2r = Path.Combine(publishRoot, "bench-r2r", "Oslo.Service.WorkerHost");
        if (await RunToEndAsync("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", Path.GetDirectoryName(r2r)!, "-v", "quiet", "-nologo"], cancellationToken) != 0)
        {
            Console.Error.WriteLine("bench workers: ReadyToRun publish failed; measuring the plain Release build as ours_r2r");
            r2r = Path.Combine(publishRoot, "Oslo.Service.WorkerHost");
            if (await RunToEndAsync("dotnet", ["build", project, "-c", "Release", "-v", "quiet", "-nologo"], cancellationToken) != 0)
            {
                Console.Error.WriteLine("bench workers: building the WorkerHost failed");
                return 1;
            }
        }

        systems.Add(("ours_r2r", "oslo_r2r", r2r));
        var measured = new List<(string Ratio, Dictionary<string, double> Figures)>();
        foreach ((string system, string ratio, string program) in systems)
        {
            measured.Add((ratio, await MeasureAllAsync(system, [program], kills, starts, spares: true, Wants, cancellationToken)));
        }

        string peer = Path.Combine(root, "bench", "peers", "workers_oslo.py");
        if (!File.Exists("/usr/bin/python3") || await RunToEndAsync("/usr/bin/python3", ["-c", "import oslo_service.service"], cancellationToken) != 0)
        {
            Console.Error.WriteLine("bench workers: Python oslo.service is not installed (apt-get install python3-oslo.service); no peer figures");
            return 0;
        }

        Dictionary<string, double> osloFigures = await MeasureAllAsync("oslo", ["/usr/bin/python3", peer], kills, starts, spares: false, Wants, cancellationToken);
        foreach ((string ratio, Dictionary<string, double> ours) in measured)
        {
            foreach ((string metric, double value) in ours)
            {
                if (osloFigures.TryGetValue(metric, out double theirs) && value > 0)
                {
                    Figures.Ratio(Scenario, ratio, metric, value, theirs);
                }
            }
        }

        return 0;
    }

    private static async Task<Dictionary<string, double>> MeasureAllAsync(string system, string[] command, int kills, int starts, bool spares, Func<string, bool> wants, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string metric, double value)
        {
            figures[metric] = Math.Round(value, 1);
            Figures.Print(Scenario, system, metric, Math.Round(value, 1));
        }

        foreach (int workers in wants("ready") ? new[] { 1, 2, 4, 8 } : [])
        {
            var ready = new List<double>(starts);
            var term = new List<double>(starts);
            for (int start = 0; start < starts; start++)
            {
                await using Run run = await Run.StartAsync(command, Config(workers), null, cancellationToken);
                await run.WaitForReadyAsync(workers, cancellationToken);
                ready.Add(run.Clock.Elapsed.TotalMilliseconds);
                if (workers == 4)
                {
                    // Let the workers settle (JIT, first GC), as an idle service would be: memory is read on the first
                    // start, and every start's term_ms is then a stop of 4 idle workers.
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                    if (start == 0)
                    {
                        int[] pids = [.. run.LiveWorkerPids()];
                        Add("rss_parent_mb", Memory.RssMb(run.Pid));
                        Add("rss_worker_mb", pids.Average(Memory.RssMb));
                        Add("pss_total_mb", Memory.PssMb(run.Pid) + pids.Sum(Memory.PssMb));
                    }

                    run.Clock.Restart();
                    run.Signal(run.Pid, 15);
                    await run.WaitForExitAsync(cancellationToken);
                    term.Add(run.Clock.Elapsed.TotalMilliseconds);
                }
            }

            Add($"ready_ms_w{workers}", Repetitions.Median(ready));
            if (term.Count > 0)
            {
                Add("term_ms", Repetitions.Median(term));
            }
        }

        if (wants("respawn"))
        {
            (double median, double max) = await RespawnAsync(command, Config(4), kills, cancellationToken);
            Add("respawn_ms", median);
            Add("respawn_max_ms", max);
        }

        if (spares && wants("respawn"))
        {
            (double spareMedian, double spareMax) = await RespawnAsync(command, Config(4) + "\n[process_launcher]\nspare_workers = 1\n", kills, cancellationToken);
            Add("respawn_spare_ms", spareMedian);
            Add("respawn_spare_max_ms", spareMax);
        }

        if (wants("hup"))
        {
            Add("hup_reload_ms", await HupAsync(command, "reload", cancellationToken));
            Add("hup_mutate_ms", await HupAsync(command, "mutate", cancellationToken));
        }

        if (wants("term_stuck"))
        {
            await TermStuckAsync(command, Add, cancellationToken);
        }

        return figures;
    }

    /// <summary>SIGHUP → all 4 workers replaced (reload) or reset in place (mutate); milliseconds.</summary>
    private static async Task<double> HupAsync(string[] command, string restartMethod, CancellationToken cancellationToken)
    {
        await using Run run = await Run.StartAsync(command, Config(4), new() { ["WORKERHOST_RESTART_METHOD"] = restartMethod }, cancellationToken);
        await run.WaitForReadyAsync(4, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        HashSet<int> old = [.. run.LiveWorkerPids()];
        int readyBefore = run.ReadyCount;
        run.Clock.Restart();
        run.Signal(run.Pid, SigHup);
        if (restartMethod == "reload")
        {
            await run.WaitUntilAsync(() => run.ReadyPidsSince(readyBefore).Count(pid => !old.Contains(pid)) >= 4 && old.All(pid => !Memory.IsAlive(pid)), "4 replaced workers", cancellationToken);
        }
        else
        {
            await run.WaitUntilAsync(() => run.Count("worker-reset") >= 4, "4 workers reset", cancellationToken);
        }

        return run.Clock.Elapsed.TotalMilliseconds;
    }

    private static async Task TermStuckAsync(string[] command, Action<string, double> add, CancellationToken cancellationToken)
    {
        string claim = Path.Combine(Path.GetTempPath(), $"oslo-bench-hang-{Guid.NewGuid():N}");
        Dictionary<string, string> environment = new()
        {
            ["WORKERHOST_HANG_STOP"] = "1",
            ["WORKERHOST_HANG_STOP_ID"] = "0",
            ["WORKERHOST_HANG_STOP_FILE"] = claim,
        };
        try
        {
            await using Run run = await Run.StartAsync(command, Config(4, gracefulTimeout: 5), environment, cancellationToken);
            await run.WaitForReadyAsync(4, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            int[] workers = [.. run.LiveWorkerPids()];
            TimeSpan cpuBefore = Memory.CpuTime(run.Pid);
            run.Clock.Restart();
            run.Signal(run.Pid, SigTerm);
            await Task.Delay(TimeSpan.FromSeconds(4.5), cancellationToken);
            TimeSpan waited = run.Clock.Elapsed;
            double cpuPercent = (Memory.CpuTime(run.Pid) - cpuBefore) / waited * 100;
            await run.WaitForExitAsync(cancellationToken);
            add("term_stuck_ms", run.Clock.Elapsed.TotalMilliseconds);
            add("term_stuck_parent_cpu_pct", cpuPercent);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            add("term_stuck_orphans", workers.Count(Memory.IsAlive));
        }
        finally
        {
            File.Delete(claim);
        }
    }

    private static async Task<(double Median, double Max)> RespawnAsync(string[] command, string config, int kills, CancellationToken cancellationToken)
    {
        await using Run run = await Run.StartAsync(command, config, null, cancellationToken);
        await run.WaitForReadyAsync(4, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        var times = new List<double>();
        for (int i = 0; i < kills; i++)
        {
            int victim = run.LiveWorkerPids().First();
            int readyBefore = run.ReadyCount;
            run.Clock.Restart();
            run.Signal(victim, 9);
            await run.WaitUntilAsync(() => run.ReadyPidsSince(readyBefore).Any(pid => pid != victim), "a replacement", cancellationToken);
            times.Add(run.Clock.Elapsed.TotalMilliseconds);
            // Spaced so oslo's guard (more than N forks within N seconds) never trips, nor our restart intensity.
            await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }

    private static string Config(int workers, int gracefulTimeout = 10) => string.Create(CultureInfo.InvariantCulture,
        $"[DEFAULT]\nworkers = {workers}\ngraceful_shutdown_timeout = {gracefulTimeout}\nlog_options = false\n");

    [GeneratedRegex(@"worker-ready svc=\d+ id=-?\d+ pid=(?<pid>\d+)")]
    private static partial Regex ReadyLine();

    /// <summary>One started parent: its lines, its workers, a clock, and a group kill when disposed.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly ChildProcess _child;
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private readonly string _config;

        private Run(ChildProcess child, string config, Stopwatch clock)
        {
            _child = child;
            _process = child.Process;
            Process process = child.Process;
            Clock = clock;
            _config = config;
            _ = PumpAsync(process.StandardOutput);
            _ = PumpAsync(process.StandardError);
        }

        public Stopwatch Clock { get; }

        public int Pid => _process.Id;

        public int ReadyCount
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Sum(line => ReadyLine().Count(line));
                }
            }
        }

        public static Task<Run> StartAsync(string[] command, string config, Dictionary<string, string>? environment, CancellationToken cancellationToken)
        {
            _ = cancellationToken;
            string file = Path.Combine(Path.GetTempPath(), $"oslo-bench-workers-{Guid.NewGuid():N}.conf");
            File.WriteAllText(file, config);
            var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string word in command.Skip(1).Append("--config-file").Append(file))
            {
                info.ArgumentList.Add(word);
            }

            info.Environment.Remove("NOTIFY_SOCKET");
            foreach ((string key, string value) in environment ?? [])
            {
                info.Environment[key] = value;
            }

            var clock = Stopwatch.StartNew();
            return Task.FromResult(new Run(ChildProcess.Start(info), file, clock)); // a daemon in a group of its own
        }

        public int Count(string text)
        {
            lock (_lines)
            {
                return _lines.Sum(line => line.Split(text).Length - 1);
            }
        }

        public List<int> ReadyPidsSince(int index)
        {
            lock (_lines)
            {
                // Forked Python workers share one stdout and sometimes write two lines without a newline between.
                return [.. _lines.SelectMany(line => ReadyLine().Matches(line)).Skip(index)
                    .Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))];
            }
        }

        public IEnumerable<int> LiveWorkerPids() => ReadyPidsSince(0).Distinct().Where(Memory.IsAlive).Where(pid => pid != Pid).ToList();

        public Task WaitForReadyAsync(int workers, CancellationToken cancellationToken) =>
            WaitUntilAsync(() => LiveWorkerPids().Count() >= workers, $"{workers} ready workers", cancellationToken);

        public async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition())
            {
                if (deadline.Elapsed > s_deadline)
                {
                    throw new TimeoutException($"bench workers: no {what} before the deadline.\n{string.Join('\n', _lines.TakeLast(30))}");
                }

                await Task.Delay(2, cancellationToken);
            }
        }

        public void Signal(int pid, int signal)
        {
            if (Kill(pid, signal) != 0)
            {
                throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        public async Task WaitForExitAsync(CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_deadline);
            await _process.WaitForExitAsync(deadline.Token);
        }

        public async ValueTask DisposeAsync()
        {
            int[] workers = [.. ReadyPidsSince(0)];
            _ = Kill(-_process.Id, 9);
            foreach (int pid in workers)
            {
                _ = Kill(pid, 9);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _child.Dispose();
            File.Delete(_config);
            // Let the processes of this run go before the next one starts.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
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

    /// <summary>Memory of a process from /proc.</summary>
    private static class Memory
    {
        public static double RssMb(int pid) => Field($"/proc/{pid}/status", "VmRSS:") / 1024.0;

        public static double PssMb(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss:") / 1024.0;

        /// <summary>User + system CPU time, from /proc/PID/stat (clock ticks of 10 ms).</summary>
        public static TimeSpan CpuTime(int pid)
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }

        public static bool IsAlive(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                char state = stat[stat.LastIndexOf(')') + 2];
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static long Field(string path, string name)
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }
}
