using System.Diagnostics;
using System.Globalization;

using Oslo.Service.Periodic;
using Oslo.Service.Threading;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run periodic [--tasks N] [--seconds S]</c>: N periodic tasks at 1 s spacing in one
/// <see cref="PeriodicTasks"/>, run by a dynamic timer of a <see cref="ThreadGroup"/> for S seconds on the real clock;
/// then the same with Python oslo.service (<c>bench/peers/periodic_oslo.py</c> under <c>/usr/bin/python3</c>).
/// Lateness is actual start − intended start, the intended starts of a task being its registration time plus
/// k × spacing; a run that is a whole spacing late counts as lost, as do intended starts that never ran. Ours is
/// measured after a warm-up (see <c>WarmUpAsync</c>) and a full GC of the setup's garbage; stderr shows the lateness
/// of each cycle and the GCs during the run.
/// <c>--no-peer</c> skips the Python run.
/// </summary>
internal sealed class PeriodicScenario : IScenario
{
    private static readonly TimeSpan s_spacing = TimeSpan.FromSeconds(1);

    public string Name => "periodic";

    /// <inheritdoc/>
    public string Help => """
        N periodic tasks at 1 s spacing: their lateness and CPU, ours then Python oslo.service's.
        options:
          --tasks N         how many periodic tasks (default 1000)
          --seconds S       how long they run (default 20)
          --no-peer         ours only
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        int tasks = 1000;
        double seconds = 20;
        bool peer = true;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--tasks" when i + 1 < args.Count:
                    tasks = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds" when i + 1 < args.Count:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-peer":
                    peer = false;
                    break;
                default:
                    Console.Error.WriteLine("usage: bench/run periodic [--tasks N] [--seconds S] [--no-peer]");
                    return 2;
            }
        }

        Console.Error.WriteLine($"periodic: {tasks} tasks at 1 s spacing for {seconds} s (load before: {LoadAverage()})");
        Result ours = await RunOursAsync(tasks, TimeSpan.FromSeconds(seconds), cancellationToken);
        Print("ours", ours);

        Result? oslo = peer ? await RunOsloAsync(tasks, seconds, cancellationToken) : null;
        if (oslo is not null)
        {
            Print("oslo", oslo);
            Figures.Ratio("periodic", "oslo", "cpu_pct", ours.CpuPct, oslo.CpuPct);
        }

        Console.Error.WriteLine($"periodic: load after: {LoadAverage()}");
        return 0;
    }

    private static async Task<Result> RunOursAsync(int count, TimeSpan duration, CancellationToken cancellationToken)
    {
        TimeProvider clock = TimeProvider.System;
        await WarmUpAsync(count, clock, cancellationToken);
        // The warm-up's garbage is collected now, not during the measurement, and before the measured tasks are
        // created so that they are not moved just before their first run; the process keeps .NET's default GC
        // (workstation, concurrent). A pass allocates next to nothing.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Recorder recorder = new(count, (int)Math.Ceiling(duration / s_spacing) + 2, clock);
        PeriodicTasks manager = Register(count, s_spacing, recorder, clock);
        int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pauses = GC.GetTotalPauseDuration();

        ThreadGroup group = new(timeProvider: clock);
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long wall0 = clock.GetTimestamp();
        group.AddPeriodicTasksTimer(manager);
        await Task.Delay(duration, clock, cancellationToken);
        await group.StopAsync(graceful: true, cancellationToken);
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime - cpu0;
        TimeSpan wall = clock.GetElapsedTime(wall0);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"periodic: ours GCs during the run (gen0/1/2): {GC.CollectionCount(0) - gcs[0]}/{GC.CollectionCount(1) - gcs[1]}/{GC.CollectionCount(2) - gcs[2]}, pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:F1} ms"));
        return recorder.Summarize(100 * cpu / wall, clock.GetTimestamp());
    }

    private static PeriodicTasks Register(int count, TimeSpan spacing, Recorder recorder, TimeProvider clock)
    {
        PeriodicTasks manager = new(timeProvider: clock);
        for (int i = 0; i < count; i++)
        {
            int index = i;
            recorder.Added[i] = clock.GetTimestamp();
            manager.AddPeriodicTask(new PeriodicTask("t" + i.ToString(CultureInfo.InvariantCulture), _ => recorder.Ran(index), spacing));
        }

        return manager;
    }

    /// <summary>
    /// Runs the measured code (a pass over as many tasks, the same callbacks) 50 times and a dynamic timer on the
    /// real clock for 500 ms, letting the JIT's background tiering finish meanwhile, so the figures are of the steady
    /// state a long-running service is in, not of the first seconds' unoptimized code. (The Python peer has no JIT.)
    /// </summary>
    private static async Task WarmUpAsync(int count, TimeProvider clock, CancellationToken cancellationToken)
    {
        Recorder recorder = new(count, 1, clock);
        // One tick of spacing: every task is due on every pass.
        PeriodicTasks manager = Register(count, TimeSpan.FromTicks(1), recorder, clock);
        for (int pass = 0; pass < 50; pass++)
        {
            await manager.RunPeriodicTasksAsync(null, cancellationToken: cancellationToken);
        }

        // And the timer path (a dynamic timer's sleeps on the real clock): its first wake-ups in a process are a few
        // milliseconds late (first-time costs), which would otherwise land on the first cycle's every task.
        ThreadGroup group = new(timeProvider: clock);
        int wakeUps = 0;
        group.AddDynamicTimer(_ => Interlocked.Increment(ref wakeUps) < 20 ? TimeSpan.FromMilliseconds(10) : null, periodicIntervalMax: TimeSpan.FromMilliseconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
        await group.StopAsync(graceful: true, cancellationToken);
    }

    private static async Task<Result?> RunOsloAsync(int tasks, double seconds, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? values = await BenchProcess.RunPythonPeerAsync("periodic", "periodic_oslo.py", ["--tasks", tasks.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (values is null)
        {
            return null;
        }

        Console.Error.WriteLine($"periodic: oslo.service {values.GetValueOrDefault("version", "?")} peer ran {values.GetValueOrDefault("runs", "?")} task runs");
        double Get(string key) => double.Parse(values[key], CultureInfo.InvariantCulture);
        return new Result(Get("cpu_pct"), Get("lateness_p50_ms"), Get("lateness_p99_ms"), Get("lateness_max_ms"), Get("lost_runs"));
    }

    private static void Print(string system, Result result)
    {
        Figures.Print("periodic", system, "cpu_pct", result.CpuPct);
        Figures.Print("periodic", system, "lateness_p50_ms", result.P50Ms);
        Figures.Print("periodic", system, "lateness_p99_ms", result.P99Ms);
        Figures.Print("periodic", system, "lateness_max_ms", result.MaxMs);
        Figures.Print("periodic", system, "lost_runs", result.LostRuns);
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed record Result(double CpuPct, double P50Ms, double P99Ms, double MaxMs, double LostRuns);

    /// <summary>Records each run's lateness against the task's grid; all runs happen on the one timer, one at a time.</summary>
    private sealed class Recorder(int count, int maxRunsPerTask, TimeProvider clock)
    {
        private readonly long _spacingTicks = (long)(s_spacing.TotalSeconds * clock.TimestampFrequency);
        private readonly int[] _next = Enumerable.Repeat(1, count).ToArray();
        private readonly double[] _lateness = new double[count * maxRunsPerTask];
        private readonly int[] _cycle = new int[count * maxRunsPerTask];
        private int _runs;
        private long _lost;

        public long[] Added { get; } = new long[count];

        public void Ran(int index)
        {
            long now = clock.GetTimestamp();
            long intended = Added[index] + (_next[index] * _spacingTicks);
            while (now - intended >= _spacingTicks)
            {
                _lost++;
                _next[index]++;
                intended += _spacingTicks;
            }

            if (_runs < _lateness.Length)
            {
                _cycle[_runs] = _next[index];
                _lateness[_runs++] = (now - intended) * 1000.0 / clock.TimestampFrequency;
            }

            _next[index]++;
        }

        public Result Summarize(double cpuPct, long end)
        {
            long lost = _lost;
            for (int i = 0; i < Added.Length; i++)
            {
                for (long intended = Added[i] + (_next[i] * _spacingTicks); intended <= end - _spacingTicks; intended += _spacingTicks)
                {
                    lost++;
                }
            }

            double[] values = _lateness[.._runs];
            // Per cycle on stderr, to show whether lateness stays flat over time (and where any outliers are).
            foreach (IGrouping<int, double> cycle in values.Zip(_cycle).GroupBy(p => p.Second, p => p.First).OrderBy(g => g.Key))
            {
                double[] sorted = [.. cycle.Order()];
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"periodic: ours cycle {cycle.Key}: {sorted.Length} runs, lateness p50 {Percentile(sorted, 0.5):F3} p99 {Percentile(sorted, 0.99):F3} max {sorted[^1]:F3} ms"));
            }

            Array.Sort(values);
            Console.Error.WriteLine($"periodic: ours ran {values.Length} task runs");
            return new Result(cpuPct, Percentile(values, 0.50), Percentile(values, 0.99), values.Length > 0 ? values[^1] : 0, lost);
        }

        private static double Percentile(double[] sorted, double q) =>
            sorted.Length == 0 ? 0 : sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
