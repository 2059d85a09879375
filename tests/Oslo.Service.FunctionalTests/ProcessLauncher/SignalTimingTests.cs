using System.Globalization;
using System.Text.RegularExpressions;

using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>Signals at odd moments, with real processes (issue #15 items 5 and 8).</summary>
public sealed partial class SignalTimingTests
{
    private const int SigTtin = 21;

    [Fact]
    public async Task Sigint_FollowedAtOnceBySighup_ExitsOne()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        host.Signal(Posix.SigInt);
        host.Signal(Posix.SigHup);

        Assert.Equal(1, await host.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Caught SIGINT signal, instantaneous exiting", host.Transcript, StringComparison.Ordinal);
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromSeconds(5)), host.Transcript);
    }

    [Fact]
    public async Task SighupMutate_WhileAWorkerIsStarting_DoesNotKillItAndItEndsWithTheNewValues()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 1, greeting: "before"), new Dictionary<string, string> { ["WORKERHOST_RESTART_METHOD"] = "mutate" });
        await host.WaitForLiveWorkersAsync(1);
        await host.WaitForLineAsync("All 1 workers ready");

        host.Signal(SigTtin);
        string started = await host.WaitForLineAsync(l => l.Contains("Started child", StringComparison.Ordinal) && l.Contains("worker 1)", StringComparison.Ordinal), "worker 1 spawned");
        File.WriteAllText(host.ConfigFile, Conf.Of(workers: 1, greeting: "after"));
        host.Signal(Posix.SigHup);

        int pid = int.Parse(StartedChild().Match(started).Groups["pid"].Value, CultureInfo.InvariantCulture);
        await host.WaitForLineAsync(
            l => (l.StartsWith("worker-ready", StringComparison.Ordinal) || l.StartsWith("worker-reset", StringComparison.Ordinal))
                && l.Contains($"pid={pid} ", StringComparison.Ordinal) && l.Contains("greeting=after", StringComparison.Ordinal),
            "the worker that was starting, with the new values");
        await host.WaitForLineAsync("Reload completed (restart method mutate)");
        Assert.True(WorkerHostProcess.IsAlive(pid), host.Transcript);
        Assert.DoesNotContain($"Child {pid} killed", host.Transcript, StringComparison.Ordinal);
        Assert.Equal(2, host.Count("Started child"));
    }

    [Fact]
    public async Task Parent_HoldsOnePidfdPerLiveWorker_AndClosesThoseOfExitedOnes()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");
        Assert.Equal(2, PidFds(host.Pid));

        host.Signal(workers[0].Pid, Posix.SigKill);

        await host.WaitForLiveWorkersAsync(2, filter: w => w.Pid != workers[0].Pid);
        await host.WaitForAsync(() => PidFds(host.Pid) == 2, "two pidfds after the respawn");
    }

    private static int PidFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Count(fd =>
    {
        try
        {
            return new FileInfo(fd).LinkTarget == "anon_inode:[pidfd]";
        }
        catch (IOException)
        {
            return false;
        }
    });

    [GeneratedRegex(@"Started child (?<pid>\d+) \(service")]
    private static partial Regex StartedChild();
}
