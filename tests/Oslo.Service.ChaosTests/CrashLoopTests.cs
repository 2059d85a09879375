using System.Globalization;
using System.Text.RegularExpressions;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// A worker that crashes at start, forever (the WorkerHost's WORKERHOST_CRASH=boot: exit 3 before ready): restarts
/// back off, the parent costs almost no CPU, and its log says why.
/// </summary>
public sealed partial class CrashLoopTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WorkerCrashingAtStartForever_RestartsThrottled_ParentCpuUnder5Percent_LogSaysBootFailure()
    {
        string directory = ServiceProcess.NewDirectory("oslo-chaos-crash-");
        string config = Path.Combine(directory, "workerhost.conf");
        File.WriteAllText(config, "[DEFAULT]\nworkers = 2\ngraceful_shutdown_timeout = 10\n");
        await using var host = ServiceProcess.Start(directory, Repo.WorkerHostDll, ["--config-file", config],
            new Dictionary<string, string> { ["WORKERHOST_CRASH"] = "boot" });

        // With the defaults (boot_failure_threshold 3, back-off from 1 s doubling to 60 s), the third worker in a
        // row that dies before it is ready starts the back-off.
        await host.WaitForLineAsync("(boot failure); backing off", TimeSpan.FromSeconds(60));
        int startedBefore = host.StartedChildren().Count;
        TimeSpan cpuBefore = ProcFs.CpuTime(host.Pid);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(s_window);
        TimeSpan cpuAfter = ProcFs.CpuTime(host.Pid);
        TimeSpan elapsed = watch.Elapsed;
        int restarts = host.StartedChildren().Count - startedBefore;
        double cpuPercent = 100 * (cpuAfter - cpuBefore) / elapsed;

        long[] delays = [.. host.LinesWith("(boot failure); backing off").Select(l => long.Parse(DelayRegex().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))];
        output.WriteLine($"parent CPU over {elapsed.TotalSeconds:F1} s of crash loop: {(cpuAfter - cpuBefore).TotalMilliseconds:F0} ms = {cpuPercent:F2} % of a core");
        output.WriteLine($"restarts in that window: {restarts} (2 workers; unthrottled .NET workers restart several times a second, oslo's floor is ~1 a second)");
        output.WriteLine($"back-off delays logged (ms): {string.Join(", ", delays)}");
        output.WriteLine(host.LinesWith("(boot failure); backing off").Last());

        Assert.False(host.HasExited, "the parent gave up");
        Assert.True(cpuPercent < 5, $"parent used {cpuPercent:F2} % of a core while its workers crash-looped");
        Assert.InRange(restarts, 1, 6);
        // The log says why, and the delays grow.
        Assert.True(delays.Length >= 2, "fewer than two back-off lines");
        Assert.True(delays[^1] > delays[0], $"back-off did not grow: {string.Join(", ", delays)}");
        Assert.Contains(host.Lines, l => l.Contains("workers in a row died before they were ready", StringComparison.Ordinal));
        Assert.Contains(host.Lines, l => l.Contains("exited with status 3", StringComparison.Ordinal));

        // A stop is not held up by the pending back-off.
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain(ProcFs.Session(host.Pid), p => p.Pid != host.Pid);
    }

    [GeneratedRegex(@"backing off (\d+) ms")]
    private static partial Regex DelayRegex();
}
