using System.Runtime.Versioning;

namespace Oslo.Packaging.Tests;

/// <summary>
/// `bench/run` with no scenario, against a stand-in `dotnet` first on PATH (it answers `build`, lists three scenarios
/// in `--help` and prints saved figure lines for each), so the runner's own logic is tested without running a
/// benchmark: every scenario run, a failing one reported, the table with date and machine written to
/// bench/results/latest.md, and `bench/run SCENARIO ARGS` passed straight to the bench program.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BenchRunTests : IDisposable
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        case "$1" in build) exit 0;; esac
        case "$2" in
          --help) echo "usage: bench/run SCENARIO [options]" >&2; echo "scenarios: config, looping, service" >&2; exit 0;;
          --calibrate) echo "calibration.kestrel.rps=5000"; echo "calibration.kestrel.cpu_us_per_req=120.5";;
          config) echo "config.ours.parse_ms=1.2"; echo "config.ours.reload_ms=0.9";;
          looping) echo "looping.ours.drift_runs=0"; exit 3;;
          service) echo "service.ours.ready_ms=100"; echo "service.oslo.ready_ms=1000"; echo "service.ratio_oslo.ready_ms=10";;
          *) shift; echo "direct: $*";;
        esac
        """;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("oslo-bench-run-");

    public BenchRunTests()
    {
        Directory.CreateDirectory(Path.Combine(_temp.FullName, "bench"));
        Directory.CreateDirectory(Path.Combine(_temp.FullName, "fakebin"));
        foreach (string script in new[] { "run", "table" })
        {
            string copy = Path.Combine(_temp.FullName, "bench", script);
            File.Copy(Path.Combine(RepositoryRoot.Path, "bench", script), copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | UnixFileMode.UserExecute);
        }

        string dotnet = Path.Combine(_temp.FullName, "fakebin", "dotnet");
        File.WriteAllText(dotnet, FakeDotnet.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task BenchRun_NoScenario_RunsEveryScenarioAndWritesLatestMd()
    {
        ProcessResult result = await RunAsync([]);

        // The failing scenario (looping) makes the run fail, after every other scenario ran.
        Assert.True(result.ExitCode == 1, result.Describe());
        string latest = await File.ReadAllTextAsync(Path.Combine(_temp.FullName, "bench", "results", "latest.md"));
        Assert.Equal(latest, result.Stdout);
        Assert.StartsWith("# Benchmark results\n", latest, StringComparison.Ordinal);
        Assert.Matches(@"\n- date: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n", latest);
        Assert.Matches($@"\n- machine: {Environment.ProcessorCount} CPUs, ", latest);
        Assert.Contains("\n- scenarios that failed (figures may be missing): looping\n", latest, StringComparison.Ordinal);
        Assert.Matches(@"\n- load average \(1, 5, 15 min\) at the start: [\d.]+ [\d.]+ [\d.]+; at the end: [\d.]+ [\d.]+ [\d.]+\n", latest);
        Assert.Contains("\n- calibration (bare Kestrel hello world, wrk -t2 -c64, 5 s after a 2 s warm-up): 5000 requests/s, 120.5 µs of CPU a request\n", latest, StringComparison.Ordinal);
        Assert.Contains("### calibration\n\n| figure | ours | kestrel |", latest, StringComparison.Ordinal);
        Assert.Contains("### config\n\n| figure | ours |\n|---|---:|\n| parse_ms | 1.2 |\n| reload_ms | 0.9 |\n", latest, StringComparison.Ordinal);
        Assert.Contains("### looping\n\n| figure | ours |\n|---|---:|\n| drift_runs | 0 |\n", latest, StringComparison.Ordinal);
        Assert.Contains("| ready_ms | 100 | 1000 | 10.00× |", latest, StringComparison.Ordinal);
        string figures = await File.ReadAllTextAsync(Path.Combine(_temp.FullName, "bench", "results", "latest-figures.txt"));
        Assert.Equal(8, figures.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("bench/run: service\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchRun_All_SameAsNoScenario()
    {
        ProcessResult result = await RunAsync(["all"]);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("### service\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchRun_Scenario_PassesItsArgumentsToTheBenchProgram()
    {
        ProcessResult result = await RunAsync(["periodic", "--tasks", "10"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("direct: periodic --tasks 10\n", result.Stdout);
        Assert.False(File.Exists(Path.Combine(_temp.FullName, "bench", "results", "latest.md")));
    }

    private Task<ProcessResult> RunAsync(IReadOnlyList<string> args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = Path.Combine(_temp.FullName, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            // The stand-in runs no peer; a clean CI machine must not install them for this test.
            ["BENCH_INSTALL_PEERS"] = "0",
        };
        return ProcessResult.RunAsync(Path.Combine(_temp.FullName, "bench", "run"), args, _temp.FullName, environment,
            TimeSpan.FromSeconds(60));
    }
}
