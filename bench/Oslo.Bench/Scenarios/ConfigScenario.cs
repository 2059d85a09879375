using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

using Oslo.Bench.Config;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run config</c>: parse-and-resolve and reload of a file with 1,000 options in 50 groups, measured with
/// BenchmarkDotNet (in-process, short job) and printed as <c>config.ours.parse_ms</c> and <c>config.ours.reload_ms</c>
/// (mean, milliseconds).
/// </summary>
internal sealed class ConfigScenario : IScenario
{
    public string Name => "config";

    /// <inheritdoc/>
    public string Help => """
        Parse-and-resolve and reload of a file with 1,000 options in 50 groups (BenchmarkDotNet, in process).
        options: none
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        // Sanity check before timing: every option resolves.
        var check = new ConfigBenchmarks();
        check.Setup();
        int resolved = check.ResolveAll();
        check.Cleanup();
        if (resolved != ConfigBenchmarks.Groups * ConfigBenchmarks.OptsPerGroup)
        {
            Console.Error.WriteLine($"config: only {resolved} options resolved");
            return Task.FromResult(1);
        }

        Job job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(15);
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(new StderrLogger())
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "oslo-bench-artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        Summary summary = BenchmarkRunner.Run<ConfigBenchmarks>(config);

        double Mean(string method) => summary.Reports
            .Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
            .ResultStatistics!.Mean / 1_000_000.0;

        Figures.Print("config", "ours", "parse_ms", Mean(nameof(ConfigBenchmarks.ParseAndResolve)));
        Figures.Print("config", "ours", "reload_ms", Mean(nameof(ConfigBenchmarks.Reload)));
        return Task.FromResult(0);
    }

    // BenchmarkDotNet's progress goes to stderr so stdout carries only the figures.
    private sealed class StderrLogger : ILogger
    {
        public string Id => "stderr";

        public int Priority => 0;

        public void Write(LogKind logKind, string text) => Console.Error.Write(text);

        public void WriteLine() => Console.Error.WriteLine();

        public void WriteLine(LogKind logKind, string text) => Console.Error.WriteLine(text);

        public void Flush() => Console.Error.Flush();
    }
}
