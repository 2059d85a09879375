using System.Diagnostics;
using System.Globalization;

using Oslo.Service.Looping;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run looping [--seconds S] [--interval-ms I] [--no-peer]</c>: a <see cref="FixedIntervalLoopingCall"/> at
/// 10 ms for 60 s on the real clock. Prints <c>looping.ours.drift_runs</c> (runs expected from the first start to the
/// stop minus runs made; zero means no accumulated drift), <c>looping.ours.period_err_p99_ms</c> and
/// <c>_max_ms</c> (|start-to-start period − interval|) and <c>looping.ours.cpu_pct</c>; then the same for Python
/// oslo.service's <c>FixedIntervalLoopingCall</c> under eventlet (<c>bench/peers/looping_oslo.py</c>) as
/// <c>looping.oslo.*</c>. While ours runs, <c>bench/peers/looping_floor.c</c> (compiled with <c>cc</c> first) runs
/// beside it, a bare <c>timerfd</c> loop in C on the same grid, and gives the machine's own wake-up latency in that
/// minute as <c>looping.floor.*</c>: a period error the floor has too belongs to the host, not to the looping call.
/// </summary>
internal sealed class LoopingScenario : IScenario
{
    public string Name => "looping";

    /// <inheritdoc/>
    public string Help => """
        A FixedIntervalLoopingCall's drift and period error on the real clock, ours then Python oslo.service's.
        options:
          --seconds S       how long each loop runs (default 60)
          --interval-ms I   the loop's interval (default 10)
          --no-peer         ours only
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        double seconds = 60;
        double intervalMs = 10;
        bool peer = true;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Count:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--interval-ms" when i + 1 < args.Count:
                    intervalMs = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-peer":
                    peer = false;
                    break;
                default:
                    Console.Error.WriteLine("usage: bench/run looping [--seconds S] [--interval-ms I] [--no-peer]");
                    return 2;
            }
        }

        Console.Error.WriteLine($"looping: fixed interval {intervalMs} ms for {seconds} s (load before: {PeriodicScenario.LoadAverage()})");
        // The floor is compiled before either loop starts, so that the compiler is not part of the minute measured.
        using FloorProgram? floorProgram = await FloorProgram.BuildAsync(cancellationToken);
        Task<Result?> floorRun = floorProgram is null
            ? Task.FromResult<Result?>(null)
            : RunFloorAsync(floorProgram.Path, seconds, intervalMs, cancellationToken);
        Result ours = await RunOursAsync(seconds, intervalMs, cancellationToken);
        Console.Error.WriteLine($"looping: ours made {ours.Runs} runs (load after: {PeriodicScenario.LoadAverage()})");
        Print("ours", ours);
        if (await floorRun is { } floor)
        {
            Console.Error.WriteLine($"looping: the bare timerfd loop in C beside it made {floor.Runs} runs");
            Print("floor", floor);
            Figures.Ratio("looping", "floor", "period_err_p99_ms", ours.PeriodErrP99Ms, floor.PeriodErrP99Ms);
        }

        Result? oslo = peer ? await RunOsloAsync(seconds, intervalMs, cancellationToken) : null;
        if (oslo is not null)
        {
            Console.Error.WriteLine($"looping: oslo made {oslo.Runs} runs (load after: {PeriodicScenario.LoadAverage()})");
            Print("oslo", oslo);
            Figures.Ratio("looping", "oslo", "period_err_p99_ms", ours.PeriodErrP99Ms, oslo.PeriodErrP99Ms);
            Figures.Ratio("looping", "oslo", "cpu_pct", ours.CpuPct, oslo.CpuPct);
        }

        return 0;
    }

    private static async Task<Result> RunOursAsync(double seconds, double intervalMs, CancellationToken cancellationToken)
    {
        // The real clock, as a service gets it: the looping call's sleeps go to its high-resolution timer thread.
        TimeProvider clock = TimeProvider.System;
        TimeSpan interval = TimeSpan.FromMilliseconds(intervalMs);
        long[] starts = new long[(int)(seconds * 1000 / intervalMs) + 1000];
        int runs = 0;
        FixedIntervalLoopingCall call = new(_ =>
        {
            if (runs < starts.Length)
            {
                starts[runs++] = clock.GetTimestamp();
            }
        }, "bench", clock);

        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long wall0 = clock.GetTimestamp();
        call.Start(interval, cancellationToken: cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(seconds), clock, cancellationToken);
        call.Stop();
        long stoppedAt = clock.GetTimestamp();
        await call.WaitAsync(cancellationToken);
        self.Refresh();
        double cpuPct = 100 * (self.TotalProcessorTime - cpu0) / clock.GetElapsedTime(wall0, stoppedAt);

        double frequency = clock.TimestampFrequency;
        double elapsedMs = (stoppedAt - starts[0]) * 1000.0 / frequency;
        long expected = (long)Math.Floor(elapsedMs / intervalMs) + 1;
        double[] errors = new double[Math.Max(0, runs - 1)];
        for (int i = 1; i < runs; i++)
        {
            errors[i - 1] = Math.Abs(((starts[i] - starts[i - 1]) * 1000.0 / frequency) - intervalMs);
        }

        Array.Sort(errors);
        return new Result(
            expected - runs,
            errors.Length == 0 ? 0 : errors[(int)Math.Round(0.99 * (errors.Length - 1))],
            errors.Length == 0 ? 0 : errors[^1],
            cpuPct,
            runs);
    }

    private static async Task<Result?> RunOsloAsync(double seconds, double intervalMs, CancellationToken cancellationToken) =>
        ToResult(await BenchProcess.RunPythonPeerAsync("looping", "looping_oslo.py", LoopArguments(seconds, intervalMs), cancellationToken));

    private static async Task<Result?> RunFloorAsync(string program, double seconds, double intervalMs, CancellationToken cancellationToken) =>
        ToResult(await BenchProcess.RunPeerAsync("looping", "looping_floor", program, LoopArguments(seconds, intervalMs), "the floor's timerfd failed", cancellationToken));

    private static string[] LoopArguments(double seconds, double intervalMs) =>
        ["--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--interval-ms", intervalMs.ToString(CultureInfo.InvariantCulture)];

    private static Result? ToResult(Dictionary<string, string>? values)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue("version", out string? version))
        {
            Console.Error.WriteLine($"looping: oslo.service {version} peer");
        }

        double Get(string key) => double.Parse(values[key], CultureInfo.InvariantCulture);
        return new Result((long)Get("drift_runs"), Get("period_err_p99_ms"), Get("period_err_max_ms"), Get("cpu_pct"), (long)Get("runs"));
    }

    private static void Print(string system, Result result)
    {
        Figures.Print("looping", system, "drift_runs", result.DriftRuns);
        Figures.Print("looping", system, "period_err_p99_ms", result.PeriodErrP99Ms);
        Figures.Print("looping", system, "period_err_max_ms", result.PeriodErrMaxMs);
        Figures.Print("looping", system, "cpu_pct", result.CpuPct);
    }

    private sealed record Result(long DriftRuns, double PeriodErrP99Ms, double PeriodErrMaxMs, double CpuPct, long Runs);

    /// <summary><c>bench/peers/looping_floor.c</c> built with the machine's <c>cc</c> into a folder of its own, deleted
    /// on dispose.</summary>
    private sealed class FloorProgram : IDisposable
    {
        private readonly string _folder;

        private FloorProgram(string folder)
        {
            _folder = folder;
            Path = System.IO.Path.Combine(folder, "looping_floor");
        }

        public string Path { get; }

        /// <summary>Compiles the floor, or returns null (with the reason on stderr) when no C compiler can.</summary>
        public static async Task<FloorProgram?> BuildAsync(CancellationToken cancellationToken)
        {
            string source = System.IO.Path.Combine(BenchProcess.FindRepositoryRoot(), "bench", "peers", "looping_floor.c");
            var program = new FloorProgram(Directory.CreateTempSubdirectory("oslo-bench-looping-floor-").FullName);
            try
            {
                if (await BenchProcess.RunToEndAsync("cc", ["-O2", "-o", program.Path, source, "-lm"], cancellationToken) == 0)
                {
                    return program;
                }

                Console.Error.WriteLine("looping: floor skipped: cc could not compile bench/peers/looping_floor.c");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.Error.WriteLine($"looping: floor skipped: no C compiler (cc: {ex.Message})");
            }

            program.Dispose();
            return null;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
