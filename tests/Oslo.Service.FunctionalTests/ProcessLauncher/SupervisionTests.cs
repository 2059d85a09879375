using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>Spawning, stable worker ids, respawn, crash loops, boot failures, heartbeats, scaling and spares.</summary>
public sealed class SupervisionTests
{
    [Fact]
    public async Task Launch_ThreeWorkers_StableIdsAndRespawnAfterSigkill()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 3));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(3);
        Assert.Equal([0, 1, 2], workers.Keys.Order());
        Assert.Equal(3, host.Count("Started child"));
        await host.WaitForLineAsync("All 3 workers ready");

        int victim = workers[1].Pid;
        host.Signal(victim, Posix.SigKill);

        await host.WaitForLineAsync($"Child {victim} killed by signal 9");
        IReadOnlyDictionary<int, ReadyWorker> after = await host.WaitForLiveWorkersAsync(3, filter: w => w.Pid != victim);
        Assert.Equal([0, 1, 2], after.Keys.Order());
        Assert.NotEqual(victim, after[1].Pid);
        Assert.Equal(workers[0].Pid, after[0].Pid);
        Assert.Equal(workers[2].Pid, after[2].Pid);
        Assert.Equal(4, host.Count("Started child"));
    }

    [Fact]
    public async Task ExitStatus_Exit137AndSigkill_LoggedAsExitedAndKilled()
    {
        // Worker 0 exits with status 137 (what .NET's Process reports for SIGKILL too); worker 1 is SIGKILLed.
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2),
            new Dictionary<string, string> { ["WORKERHOST_CRASH"] = "running", ["WORKERHOST_CRASH_STATUS"] = "137", ["WORKERHOST_CRASH_ID"] = "0" });
        string crashing = await host.WaitForLineAsync("worker-crashing svc=0 id=0");
        int crashed = int.Parse(System.Text.RegularExpressions.Regex.Match(crashing, @" pid=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await host.WaitForLineAsync($"Child {crashed} exited with status 137");
        ReadyWorker second = (await host.WaitForLiveWorkersAsync(1, filter: w => w.WorkerId == 1)).Values.Single();

        host.Signal(second.Pid, Posix.SigKill);

        await host.WaitForLineAsync($"Child {second.Pid} killed by signal 9");
        Assert.DoesNotContain($"Child {crashed} killed by signal", host.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain($"Child {second.Pid} exited with status", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchService_TwoServices_EachGetsItsWorkers()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2), new Dictionary<string, string> { ["WORKERHOST_SERVICES"] = "2,1" });

        IReadOnlyDictionary<int, ReadyWorker> first = await host.WaitForLiveWorkersAsync(2, service: 0);
        IReadOnlyDictionary<int, ReadyWorker> second = await host.WaitForLiveWorkersAsync(1, service: 1);

        Assert.Equal([0, 1], first.Keys.Order());
        Assert.Equal([0], second.Keys);
        Assert.Equal(3, host.Count("Started child"));
    }

    [Fact]
    public async Task CrashLoop_WorkersKeepDying_RestartsBackOffAndParentStaysIdle()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2, processLauncher: "restart_intensity = 2\nrestart_period = 60\nrestart_backoff_initial = 1\nrestart_backoff_max = 4"),
            new Dictionary<string, string> { ["WORKERHOST_CRASH"] = "running" });

        await host.WaitForLineAsync("backing off");
        int startsAtBackoff = host.Count("Started child");
        TimeSpan cpuBefore = WorkerHostProcess.CpuTime(host.Pid);

        // The measurement is over a fixed window of crash loop: there is no event to wait for.
        await Task.Delay(TimeSpan.FromSeconds(6));
        TimeSpan parentCpu = WorkerHostProcess.CpuTime(host.Pid) - cpuBefore;
        int startsInWindow = host.Count("Started child") - startsAtBackoff;

        // Back-off of 1, 2, 4, 4 s per worker: at most about 4 restarts per worker in 6 s, where an unguarded loop
        // would restart each worker every few hundred milliseconds.
        Assert.InRange(startsInWindow, 1, 10);
        Assert.True(parentCpu < TimeSpan.FromSeconds(1.5), $"parent CPU {parentCpu} while crash-looping\n{host.Transcript}");
    }

    [Fact]
    public async Task BootFailure_WorkerDiesBeforeReady_LoggedAndBackedOff()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 1, processLauncher: "boot_failure_threshold = 2\nrestart_backoff_initial = 2\nrestart_backoff_max = 8"),
            new Dictionary<string, string> { ["WORKERHOST_CRASH"] = "boot" });

        string line = await host.WaitForLineAsync("died before they were ready (boot failure)");

        Assert.Contains("2 workers in a row", line, StringComparison.Ordinal);
        Assert.Contains("backing off 2000 ms", line, StringComparison.Ordinal);
        Assert.DoesNotContain("All 1 workers ready", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootTimeout_WorkerHangsBeforeReady_KilledReplacedAndCountedAsBootFailure()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 1, processLauncher: "boot_timeout = 2\nboot_failure_threshold = 2\nrestart_backoff_initial = 3\nrestart_backoff_max = 8"),
            new Dictionary<string, string> { ["WORKERHOST_HANG_BOOT"] = "1" });
        string hanging = await host.WaitForLineAsync("worker-hanging svc=0 id=0");
        int hung = int.Parse(System.Text.RegularExpressions.Regex.Match(hanging, @" pid=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        await host.WaitForLineAsync($"Child {hung} (worker 0) did not report ready within 2 s (boot_timeout); killing it");
        await host.WaitForLineAsync($"Child {hung} killed by signal 9");
        string line = await host.WaitForLineAsync("died before they were ready (boot failure)");

        Assert.Contains("2 workers in a row", line, StringComparison.Ordinal);
        Assert.Contains("backing off 3000 ms", line, StringComparison.Ordinal);
        Assert.Equal(2, host.Count("(boot_timeout); killing it"));
        Assert.Equal(2, host.Count("worker-hanging"));
        Assert.DoesNotContain("All 1 workers ready", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_StoppedWorker_KilledAndReplaced()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2, processLauncher: "heartbeat_timeout = 2"));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");
        int hung = workers[0].Pid;

        host.Signal(hung, Signals.SigStop);

        await host.WaitForLineAsync($"Child {hung} (worker 0) sent no heartbeat");
        await host.WaitForLineAsync($"Child {hung} killed by signal 9");
        IReadOnlyDictionary<int, ReadyWorker> after = await host.WaitForLiveWorkersAsync(2, filter: w => w.Pid != hung);
        Assert.NotEqual(hung, after[0].Pid);
    }

    [Fact]
    public async Task TtinTtou_ScaleUpAndDown_NeverBelowOne()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 1));
        await host.WaitForLiveWorkersAsync(1);

        host.Signal(Signals.SigTtin);
        IReadOnlyDictionary<int, ReadyWorker> two = await host.WaitForLiveWorkersAsync(2);
        Assert.Equal([0, 1], two.Keys.Order());

        host.Signal(Signals.SigTtou);
        await host.WaitForLineAsync("now runs 1 workers");
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync([two[1].Pid], TimeSpan.FromSeconds(10)), host.Transcript);

        host.Signal(Signals.SigTtou);
        await host.WaitForLineAsync("already runs a single worker");
        Assert.True(WorkerHostProcess.IsAlive(two[0].Pid));
    }

    [Fact]
    public async Task Spares_WorkerKilled_SparePromotedInstead()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2, processLauncher: "spare_workers = 1"));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);
        string spareLine = await host.WaitForLineAsync("waiting to be promoted");
        int spare = int.Parse(System.Text.RegularExpressions.Regex.Match(spareLine, @"in process (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        host.Signal(workers[0].Pid, Posix.SigKill);

        await host.WaitForLineAsync($"Promoted spare {spare} to worker 0");
        IReadOnlyDictionary<int, ReadyWorker> after = await host.WaitForLiveWorkersAsync(2, filter: w => w.Pid != workers[0].Pid);
        Assert.Equal(spare, after[0].Pid);
        await host.WaitUntilAsync(lines => lines.Count(l => l.Contains("waiting to be promoted", StringComparison.Ordinal)) == 2, "a new spare");
    }

    [Fact]
    public async Task Spares_SpareSigtermedBeforePromotion_ExitsZeroAndIsReplaced()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 1, processLauncher: "spare_workers = 1"));
        await host.WaitForLiveWorkersAsync(1);
        int spare = SparePid(await host.WaitForLineAsync("waiting to be promoted"));

        host.Signal(spare, Posix.SigTerm);

        await host.WaitForLineAsync($"Spare in process {spare} stopped before it was promoted");
        await host.WaitForLineAsync($"Child {spare} exited with status 0");
        await host.WaitForLineAsync($"worker exit pid={spare} status=0");
        await host.WaitUntilAsync(lines => lines.Count(l => l.Contains("waiting to be promoted", StringComparison.Ordinal)) == 2, "a new spare");
        Assert.DoesNotContain($"Child {spare} killed by signal", host.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Lines, line => line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spares_ParentSigterm_SpareExitsZeroWithTheWorkers()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 2, processLauncher: "spare_workers = 1"));
        await host.WaitForLiveWorkersAsync(2);
        int spare = SparePid(await host.WaitForLineAsync("waiting to be promoted"));

        host.Signal(Posix.SigTerm);

        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Contains($"Child {spare} exited with status 0", host.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(" killed by signal", host.Transcript, StringComparison.Ordinal);
        Assert.True(await WorkerHostProcess.AllGoneWithinAsync([spare], TimeSpan.FromSeconds(1)), host.Transcript);
    }

    [Fact]
    public async Task Spares_SighupReload_SpareReplacedWithTheNewConfig()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 1, greeting: "before", processLauncher: "spare_workers = 1"));
        IReadOnlyDictionary<int, ReadyWorker> before = await host.WaitForLiveWorkersAsync(1);
        int spare = SparePid(await host.WaitForLineAsync("waiting to be promoted"));

        File.WriteAllText(host.ConfigFile, Conf.Of(workers: 1, greeting: "after", processLauncher: "spare_workers = 1"));
        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync($"Child {spare} exited with status 0");
        await host.WaitUntilAsync(lines => lines.Count(l => l.Contains("waiting to be promoted", StringComparison.Ordinal)) == 2, "a new spare");
        int newSpare = SparePid(host.Lines.Last(l => l.Contains("waiting to be promoted", StringComparison.Ordinal)));
        int current = (await host.WaitForLiveWorkersAsync(1, filter: w => w.Pid != before[0].Pid)).Values.Single().Pid;

        host.Signal(current, Posix.SigKill);

        await host.WaitForLineAsync($"Promoted spare {newSpare} to worker 0");
        ReadyWorker promoted = (await host.WaitForLiveWorkersAsync(1, filter: w => w.Pid == newSpare)).Values.Single();
        Assert.Contains("greeting=after", promoted.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spares_ParentSigkill_SpareGoneWithinOneSecond()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(Conf.Of(workers: 1, processLauncher: "spare_workers = 1"));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(1);
        int spare = SparePid(await host.WaitForLineAsync("waiting to be promoted"));

        host.Signal(Posix.SigKill);

        Assert.True(await WorkerHostProcess.AllGoneWithinAsync([spare, workers[0].Pid], TimeSpan.FromSeconds(1)), host.Transcript);
        await host.WaitUntilAsync(lines => lines.Count(l => l.Contains("Parent process has died unexpectedly, exiting", StringComparison.Ordinal)) == 2, "the worker and the spare logging the parent's death");
    }

    private static int SparePid(string spareLine) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(spareLine, @"in process (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
