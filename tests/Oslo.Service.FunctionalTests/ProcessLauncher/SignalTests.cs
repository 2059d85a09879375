using System.Diagnostics;

using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>The parent's signal matrix with real signals: TERM, INT, HUP (reload, mutate, broken config), and parent death.</summary>
public sealed class SignalTests
{
    [Fact]
    public async Task ParentSigkill_WorkersGoneWithinOneSecond()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 3));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(3);

        host.Signal(Posix.SigKill);

        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromSeconds(1)), host.Transcript);
        await host.WaitUntilAsync(lines => lines.Count(l => l.Contains("Parent process has died unexpectedly, exiting", StringComparison.Ordinal)) == 3, "three workers logging the parent's death");
    }

    [Fact]
    public async Task Sigterm_WorkerIgnoresIt_KilledAtTheDeadlineAndParentExitsZero()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2, gracefulTimeout: 2), new Dictionary<string, string> { ["WORKERHOST_HANG_STOP"] = "1" });
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        var watch = Stopwatch.StartNew();
        host.Signal(Posix.SigTerm);
        int status = await host.WaitForExitAsync();
        TimeSpan elapsed = watch.Elapsed;

        Assert.Equal(0, status);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(10));
        Assert.Contains("Graceful shutdown timeout exceeded", host.Transcript, StringComparison.Ordinal);
        Assert.Contains("Exiting: sent signal 9 to 2 children", host.Transcript, StringComparison.Ordinal);
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromSeconds(1)), host.Transcript);
    }

    [Fact]
    public async Task Sigterm_IdleWorkers_GracefulStopExitZero()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        host.Signal(Posix.SigTerm);

        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Equal(2, host.Count("worker-stopping"));
        Assert.Equal(2, host.Lines.Count(l => l.StartsWith("worker exit", StringComparison.Ordinal) && l.EndsWith("status=0", StringComparison.Ordinal)));
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Sigint_ExitOneAtOnce_NoWorkerOutlivesTheParent()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        host.Signal(Posix.SigInt);

        Assert.Equal(1, await host.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromMilliseconds(200)), host.Transcript);
        Assert.Contains("Caught SIGINT signal, instantaneous exiting", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SighupReload_RollingReplacementWithNewPidsAndNewConfig()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2, greeting: "before"));
        IReadOnlyDictionary<int, ReadyWorker> before = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");
        File.WriteAllText(host.ConfigFile, Conf.Of(workers: 2, greeting: "after"));

        host.Signal(Posix.SigHup);

        IReadOnlyDictionary<int, ReadyWorker> after = await host.WaitForLiveWorkersAsync(2, filter: w => w.Line.Contains("greeting=after", StringComparison.Ordinal));
        await host.WaitForLineAsync("Reload completed (restart method reload)");
        Assert.Equal([0, 1], after.Keys.Order());
        Assert.DoesNotContain(after.Values, w => before.Values.Any(b => b.Pid == w.Pid));
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(before.Values.Select(w => w.Pid), TimeSpan.FromSeconds(10)));
        Assert.Contains("parent-reset", host.Transcript, StringComparison.Ordinal);

        // Readiness-gated: each old worker was told to stop only after its replacement was ready. (A worker's last
        // lines may still be in the pipe when it is gone: wait for them.)
        await host.WaitUntilAsync(
            lines => before.Values.All(b => lines.Any(l => l.StartsWith("worker-stopping", StringComparison.Ordinal) && l.Contains($"pid={b.Pid} ", StringComparison.Ordinal))),
            "the old workers' worker-stopping lines");
        IReadOnlyList<string> lines = host.Lines;
        foreach ((int id, ReadyWorker replacement) in after)
        {
            int ready = lines.ToList().FindIndex(l => l == replacement.Line);
            int stopping = lines.ToList().FindIndex(l => l.StartsWith("worker-stopping", StringComparison.Ordinal) && l.Contains($"pid={before[id].Pid} ", StringComparison.Ordinal));
            Assert.True(ready >= 0 && stopping > ready, $"worker {id}: ready at {ready}, old stopping at {stopping}\n{host.Transcript}");
        }
    }

    [Fact]
    public async Task SighupMutate_WorkersResetInPlaceWithSamePids()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2, greeting: "before"), new Dictionary<string, string> { ["WORKERHOST_RESTART_METHOD"] = "mutate" });
        IReadOnlyDictionary<int, ReadyWorker> before = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");
        File.WriteAllText(host.ConfigFile, Conf.Of(workers: 2, greeting: "after"));

        host.Signal(Posix.SigHup);

        foreach (ReadyWorker worker in before.Values)
        {
            await host.WaitForLineAsync($"worker-reset svc=0 id={worker.WorkerId} pid={worker.Pid} greeting=after");
        }

        await host.WaitForLineAsync("Reload completed (restart method mutate)");
        Assert.All(before.Values, w => Assert.True(WorkerHostProcess.IsAlive(w.Pid)));
        Assert.Equal(2, host.Count("Started child"));
    }

    [Fact]
    public async Task Sighup_BrokenConfig_NothingRestarted()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2));
        IReadOnlyDictionary<int, ReadyWorker> before = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");
        File.WriteAllText(host.ConfigFile, "[DEFAULT]\nworkers = not-a-number\n[broken\n");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("keep running with the previous values");
        Assert.Equal(2, host.Count("Started child"));
        Assert.All(before.Values, w => Assert.True(WorkerHostProcess.IsAlive(w.Pid)));
        Assert.DoesNotContain("worker-stopping", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sighup_TerminalForeground_GracefulStop()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2), inTerminalForeground: true);
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("Caught SIGHUP in a terminal's foreground");
        await host.WaitForLineAsync("workerhost exit");
        Assert.Contains(host.Lines, l => l.Contains("workerhost exit", StringComparison.Ordinal) && l.TrimEnd('\r').EndsWith("status=0", StringComparison.Ordinal));
        Assert.Equal(0, host.Count("Started child") - 2);
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync(workers.Values.Select(w => w.Pid), TimeSpan.FromSeconds(5)), host.Transcript);
    }

    [Fact]
    public async Task SighupBurst_CoalescesIntoAtMostTwoReloads()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 1));
        await host.WaitForLiveWorkersAsync(1);
        await host.WaitForLineAsync("All 1 workers ready");

        for (int i = 0; i < 5; i++)
        {
            host.Signal(Posix.SigHup);
        }

        await host.WaitForLineAsync("Reload completed");
        await host.WaitForLiveWorkersAsync(1, filter: w => w.Line != host.ReadyWorkers()[0].Line);
        // One reload now, at most one queued behind it, never five.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.InRange(host.Count("Reload completed"), 1, 2);
        Assert.InRange(host.Count("Started child"), 2, 3);
    }
}
