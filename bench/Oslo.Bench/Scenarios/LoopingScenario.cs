using System.Globalization;

using Oslo.Service.Looping;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run looping [--seconds S] [--interval-ms I]</c>: a <see cref="FixedIntervalLoopingCall"/> at 10 ms for
/// 60 s on the real clock. Prints <c>looping.ours.drift_runs</c> (runs expected from the first start to the stop
/// minus runs made; zero means no accumulated drift) and <c>looping.ours.period_err_p99_ms</c> (the 99th percentile
/// of |start-to-start period − interval|).
/// </summary>
internal sealed class LoopingScenario : IScenario
{
    public string Name => "looping";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        double seconds = 60;
        double intervalMs = 10;
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
                default:
                    Console.Error.WriteLine("usage: bench/run looping [--seconds S] [--interval-ms I]");
                    return 2;
            }
        }

        Console.Error.WriteLine($"looping: fixed interval {intervalMs} ms for {seconds} s (load before: {PeriodicScenario.LoadAverage()})");
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

        call.Start(interval, cancellationToken: cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(seconds), clock, cancellationToken);
        call.Stop();
        long stoppedAt = clock.GetTimestamp();
        await call.WaitAsync(cancellationToken);

        double frequency = clock.TimestampFrequency;
        double elapsedMs = (stoppedAt - starts[0]) * 1000.0 / frequency;
        long expected = (long)Math.Floor(elapsedMs / intervalMs) + 1;
        double[] errors = new double[Math.Max(0, runs - 1)];
        for (int i = 1; i < runs; i++)
        {
            errors[i - 1] = Math.Abs(((starts[i] - starts[i - 1]) * 1000.0 / frequency) - intervalMs);
        }

        Array.Sort(errors);
        Console.Error.WriteLine($"looping: {runs} runs, {expected} expected (load after: {PeriodicScenario.LoadAverage()})");
        Figures.Print("looping", "ours", "drift_runs", expected - runs);
        Figures.Print("looping", "ours", "period_err_p99_ms", errors.Length == 0 ? 0 : errors[(int)Math.Round(0.99 * (errors.Length - 1))]);
        Figures.Print("looping", "ours", "period_err_max_ms", errors.Length == 0 ? 0 : errors[^1]);
        return 0;
    }
}
