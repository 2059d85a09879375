using System.Text.RegularExpressions;

using Oslo.Packaging.Tests.NativeAot;

namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// <c>dotnet new oslo-worker</c> from the installed package, built against the packed packages with an empty cache:
/// its service runs under the launcher with its periodic task, stops on SIGTERM with status 0, and its sample config
/// is written by the oslo-config-generator tool its manifest pins.
/// </summary>
[Collection(TemplatesCollection.Name)]
public sealed partial class WorkerTemplateTests(TemplatePackage package)
{
    [Fact]
    public async Task OsloWorker_TwoWorkers_PeriodicTaskRunsInEachThenSigtermExitsZero()
    {
        string project = await package.NewAsync("oslo-worker", "TickWorker");
        await package.BuildAsync(project);
        string conf = Path.Combine(project, "tick.conf");
        await File.WriteAllTextAsync(conf, "[DEFAULT]\nworkers = 2\ngraceful_shutdown_timeout = 10\n\n[report]\ninterval = 1\n");

        await using var run = TemplateAppRun.Start(Path.Combine(project, "bin", "Release", "net10.0", "TickWorker"), ["--config-file", conf], project);

        // Each worker's report task runs at once and then every second: a second run from two worker pids.
        int[] Reporting() => [.. run.Lines().Select(line => ReportLine().Match(line)).Where(m => m.Success && m.Groups["run"].Value == "2")
            .Select(m => int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct()];
        await run.WaitForAsync(() => Reporting().Length == 2, "the report task's second run in 2 workers");
        int[] workers = Reporting();
        Assert.DoesNotContain(run.Pid, workers);

        run.Signal(Posix.SigTerm);

        Assert.True(await run.WaitForExitAsync() == 0, run.Transcript);
        Assert.DoesNotContain(workers, TemplateAppRun.IsAlive);
        Assert.Contains("TickWorker stopping (graceful True)", run.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OsloWorker_GenerateSampleConfig_ItsOwnOptionsAndOsloServices()
    {
        string project = await package.NewAsync("oslo-worker", "SampleWorker");
        ProcessResult restore = await package.RunAsync("dotnet", ["tool", "restore"], project, TimeSpan.FromMinutes(3));
        Assert.True(restore.ExitCode == 0, restore.Describe());

        await package.BuildAsync(project, "-t:GenerateSampleConfig");

        string sample = await File.ReadAllTextAsync(Path.Combine(project, "etc", "sampleworker.conf.sample"));
        Assert.StartsWith("[DEFAULT]\n", sample, StringComparison.Ordinal);
        Assert.Contains("\n#\n# From sampleworker\n#\n", sample, StringComparison.Ordinal);
        Assert.Contains("\n#\n# From oslo.service.service\n#\n", sample, StringComparison.Ordinal);
        Assert.Contains("\n#\n# From oslo.service.periodic_task\n#\n", sample, StringComparison.Ordinal);
        Assert.Contains("\n#workers = 1\n", sample, StringComparison.Ordinal);
        Assert.Contains("\n#graceful_shutdown_timeout = 60\n", sample, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\n\[report\]\n(.*\n)*#interval = 10\n"), sample);
    }

    [GeneratedRegex(@"Report (?<run>\d+) from pid (?<pid>\d+)")]
    private static partial Regex ReportLine();
}
