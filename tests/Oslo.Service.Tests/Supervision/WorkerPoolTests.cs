using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// Every supervision rule of a worker pool, driven through a fake spawner on the test clock: respawn pacing,
/// crash-loop back-off, boot and heartbeat timeouts, spares, scaling, stop.
/// </summary>
public sealed class WorkerPoolTests
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WorkerDies_RespawnedAtOnceWithItsId_ThenForkTooFastFloorOfOneSecond()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);

        workers[0].Exit(1);
        FakeWorker first = await h.Spawner.NextAsync();
        Assert.Equal(0, first.Request.WorkerId);
        Assert.Empty(h.Clock.Sleeps);

        first.Exit(1);
        Assert.Equal(s_second, await h.Clock.NextSleepAsync());
        Assert.False(h.Spawner.HasPending);
        Assert.Contains("Forking too fast, sleeping", h.Messages);

        h.Clock.Advance(s_second);
        FakeWorker second = await h.Spawner.NextAsync();
        Assert.Equal(0, second.Request.WorkerId);
        Assert.Equal(workers[1].Pid, pool.WorkerPids[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionBoard_OnlyForPoolsThatShareConnections_OneBoardForEveryWorker(bool share)
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { ShareConnections = share };
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);

        if (!share)
        {
            Assert.All(workers, w => Assert.Equal(-1, w.Request.BoardFd));
            return;
        }

        // A real memfd of the right size, the same for every worker and for the one respawned after a crash.
        int fd = workers[0].Request.BoardFd;
        Assert.True(fd > 2);
        Assert.Equal(fd, workers[1].Request.BoardFd);
        Assert.StartsWith("/memfd:oslo-connections", new FileInfo($"/proc/self/fd/{fd}").LinkTarget, StringComparison.Ordinal);
        workers[0].Exit(1);
        Assert.Equal(fd, (await h.Spawner.NextAsync()).Request.BoardFd);
    }

    [Fact]
    public async Task CrashLoop_PastRestartIntensity_BacksOffExponentially()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { RestartIntensity = 2, BackoffInitial = s_second, BackoffMax = TimeSpan.FromSeconds(60) };
        WorkerPool pool = h.Create(1);
        FakeWorker current = (await h.LaunchAsync(pool, 1))[0];

        List<TimeSpan> delays = await CrashRepeatedlyAsync(h, current, times: 5, between: TimeSpan.FromSeconds(2), ready: true);

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, s_second, 2 * s_second, 4 * s_second], delays);
        Assert.Equal(3, h.Log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("restart_intensity 2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BootFailures_PastThreshold_BackOffUntilAWorkerIsReady()
    {
        var h = new PoolHarness();
        h.Spawner.AutoReady = false;
        h.Settings = h.Settings with { BootFailureThreshold = 2, RestartIntensity = 100, BackoffInitial = s_second };
        WorkerPool pool = h.Create(1);
        FakeWorker current = (await h.LaunchAsync(pool, 1))[0];

        List<TimeSpan> delays = await CrashRepeatedlyAsync(h, current, times: 3, between: TimeSpan.FromSeconds(2), ready: false);

        Assert.Equal([TimeSpan.Zero, s_second, 2 * s_second], delays);
        Assert.Contains(h.Messages, m => m.Contains("3 workers in a row died before they were ready", StringComparison.Ordinal));

        // A worker that reports ready ends the streak: its death restarts at once.
        FakeWorker healthy = h.Spawner.All[^1];
        healthy.Ready();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        int sleepsBefore = h.Clock.Sleeps.Count;
        healthy.Exit(1);
        Assert.Equal(0, (await h.Spawner.NextAsync()).Request.WorkerId);
        Assert.Equal(sleepsBefore, h.Clock.Sleeps.Count);
    }

    [Fact]
    public async Task BootTimeout_WorkerNeverReady_KilledAndReplaced()
    {
        var h = new PoolHarness();
        h.Spawner.AutoReady = false;
        h.Settings = h.Settings with { BootTimeout = TimeSpan.FromSeconds(5) };
        WorkerPool pool = h.Create(1);
        FakeWorker hung = (await h.LaunchAsync(pool, 1))[0];

        Assert.Equal(TimeSpan.FromSeconds(5), await h.Clock.NextSleepAsync());
        h.Clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(hung.Signals);
        h.Clock.Advance(TimeSpan.FromSeconds(0.1));

        await Eventually.TrueAsync(() => hung.Signals.Contains(SignalNumbers.SigKill), "the hung worker SIGKILLed");
        FakeWorker replacement = await h.Spawner.NextAsync();
        Assert.Equal(0, replacement.Request.WorkerId);
        Assert.Contains(h.Messages, m => m.Contains("did not report ready within 5 s (boot_timeout)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BootTimeout_WorkerReadyInTime_NotKilled()
    {
        var h = new PoolHarness();
        h.Spawner.AutoReady = false;
        h.Settings = h.Settings with { BootTimeout = TimeSpan.FromSeconds(5) };
        WorkerPool pool = h.Create(1);
        FakeWorker worker = (await h.LaunchAsync(pool, 1))[0];
        await h.Clock.NextSleepAsync();

        worker.Ready();
        h.Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Empty(worker.Signals);
    }

    [Fact]
    public async Task Heartbeats_MissedPastTimeout_WorkerKilled()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { HeartbeatTimeout = TimeSpan.FromSeconds(4) };
        WorkerPool pool = h.Create(1);
        FakeWorker worker = (await h.LaunchAsync(pool, 1))[0];
        Assert.Equal(s_second, await h.Clock.NextSleepAsync());

        for (int i = 0; i < 6; i++)
        {
            h.Clock.Advance(s_second);
            worker.Send(ControlMessage.Heartbeat);
        }

        Assert.Empty(worker.Signals);
        for (int i = 0; i < 4; i++)
        {
            h.Clock.Advance(s_second);
        }

        Assert.Empty(worker.Signals);
        h.Clock.Advance(s_second);
        Assert.Equal([SignalNumbers.SigKill], worker.Signals);
        Assert.Contains(h.Messages, m => m.Contains("sent no heartbeat for 5.0 s", StringComparison.Ordinal));
        Assert.Equal(0, (await h.Spawner.NextAsync()).Request.WorkerId);
    }

    [Fact]
    public async Task SpawnFails_RetriedAfterOneSecond()
    {
        var h = new PoolHarness();
        h.Spawner.FailNextSpawn(new InvalidOperationException("no more processes"));
        WorkerPool pool = h.Create(1);

        pool.Launch();

        Assert.Equal(s_second, await h.Clock.NextSleepAsync());
        Assert.False(h.Spawner.HasPending);
        Assert.Contains(h.Log.Entries, e => e.Message.StartsWith("Starting worker 0 of service", StringComparison.Ordinal) && e.Exception is InvalidOperationException);
        h.Clock.Advance(s_second);
        Assert.Equal(0, (await h.Spawner.NextAsync()).Request.WorkerId);
    }

    [Fact]
    public async Task Spare_PromotedIntoAVacantSlot_ThenANewSpareStarts()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { SpareWorkers = 1 };
        WorkerPool pool = h.Create(1);
        FakeWorker[] started = await h.LaunchAsync(pool, 2);
        FakeWorker worker = started.Single(w => w.Request.WorkerId == 0);
        FakeWorker spare = started.Single(w => w.Request.WorkerId is null);

        worker.Exit(1);

        Assert.Equal(0, await spare.Promoted.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal(spare.Pid, pool.WorkerPids[0]);
        FakeWorker next = await h.Spawner.NextAsync();
        Assert.Null(next.Request.WorkerId);
        Assert.Contains($"Promoted spare {spare.Pid} to worker 0", h.Messages);
    }

    [Fact]
    public async Task Spare_DiesWhileWaiting_ReplacedAfterOneSecond()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { SpareWorkers = 1 };
        WorkerPool pool = h.Create(1);
        FakeWorker spare = (await h.LaunchAsync(pool, 2)).Single(w => w.Request.WorkerId is null);

        spare.Exit(1);

        Assert.Equal(s_second, await h.Clock.NextSleepAsync());
        h.Clock.Advance(s_second);
        Assert.Null((await h.Spawner.NextAsync()).Request.WorkerId);
    }

    [Fact]
    public async Task ReplaceSpares_AfterSighup_OldSpareStoppedAndNewOneStarted()
    {
        var h = new PoolHarness();
        h.Settings = h.Settings with { SpareWorkers = 1 };
        WorkerPool pool = h.Create(1);
        FakeWorker spare = (await h.LaunchAsync(pool, 2)).Single(w => w.Request.WorkerId is null);

        pool.ReplaceSpares();

        Assert.Equal([SignalNumbers.SigTerm], spare.Signals);
        Assert.Null((await h.Spawner.NextAsync()).Request.WorkerId);
        await spare.Exited.WaitAsync(Eventually.DefaultDeadline);
        Assert.False(h.Spawner.HasPending);
    }

    [Fact]
    public async Task ScaleUpAndDown_AddsTheNextIdAndRetiresTheHighest_NeverBelowOne()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);

        pool.Scale(1, "SIGTTIN");
        FakeWorker third = await h.Spawner.NextAsync();
        Assert.Equal(2, third.Request.WorkerId);
        Assert.Equal(3, pool.Target);

        pool.Scale(-1, "SIGTTOU");
        pool.Scale(-1, "SIGTTOU");
        Assert.Equal([SignalNumbers.SigTerm], third.Signals);
        Assert.Equal([SignalNumbers.SigTerm], workers[1].Signals);
        await Task.WhenAll(third.Exited, workers[1].Exited).WaitAsync(Eventually.DefaultDeadline);
        Assert.Equal(1, pool.Target);
        Assert.False(h.Spawner.HasPending);

        pool.Scale(-1, "SIGTTOU");
        Assert.Equal(1, pool.Target);
        Assert.Empty(workers[0].Signals);
        Assert.Contains("Caught SIGTTOU: service svc already runs a single worker", h.Messages);
    }

    [Fact]
    public async Task Scale_TellsEveryLiveWorkerTheNewCount_AndNewWorkersStartWithIt()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(2);
        FakeWorker[] workers = await h.LaunchAsync(pool, 2);
        Assert.All(workers, w => Assert.Equal(2, w.Request.Workers));

        pool.Scale(1, "SIGTTIN");
        FakeWorker third = await h.Spawner.NextAsync();
        Assert.Equal(3, third.Request.Workers);
        Assert.All(workers, w => Assert.Equal([3], w.WorkerCounts));

        pool.Scale(-1, "SIGTTOU");
        Assert.All(workers, w => Assert.Equal([3, 2], w.WorkerCounts));
        Assert.DoesNotContain(2, third.WorkerCounts); // retiring: not told
    }

    [Fact]
    public async Task Stop_Graceful_SigtermOnceToEachButNotToRetiringOnes_ThenAllExited()
    {
        var h = new PoolHarness();
        WorkerPool pool = h.Create(3);
        FakeWorker[] workers = await h.LaunchAsync(pool, 3);
        workers[2].IgnoresSigterm = true;
        pool.Scale(-1, "SIGTTOU");

        await pool.StopAsync(graceful: true);

        Assert.All(workers, w => Assert.Equal([SignalNumbers.SigTerm], w.Signals));
        Assert.False(pool.AllExited.IsCompleted);
        workers[2].Exit(0);
        await pool.WaitAsync().WaitAsync(Eventually.DefaultDeadline);
        Assert.False(h.Spawner.HasPending);
    }

    [Fact]
    public async Task Start_CompletesWhenEveryWorkerIsReady()
    {
        var h = new PoolHarness();
        h.Spawner.AutoReady = false;
        WorkerPool pool = h.Create(2);
        Task start = pool.StartAsync();
        FakeWorker a = await h.Spawner.NextAsync();
        FakeWorker b = await h.Spawner.NextAsync();

        a.Ready();
        Assert.False(start.IsCompleted);
        b.Ready();

        await start.WaitAsync(Eventually.DefaultDeadline);
        Assert.Contains("All 2 workers ready", h.Messages);
    }

    /// <summary>Kills the current worker <paramref name="times"/> times; returns the delay before each respawn.</summary>
    private static async Task<List<TimeSpan>> CrashRepeatedlyAsync(PoolHarness h, FakeWorker current, int times, TimeSpan between, bool ready)
    {
        var delays = new List<TimeSpan>();
        for (int i = 0; i < times; i++)
        {
            h.Clock.Advance(between);
            int sleepsBefore = h.Clock.Sleeps.Count;
            current.Exit(1);

            // The pool either respawns at once or sleeps first: wait for one of the two, without consuming either.
            await Eventually.TrueAsync(() => h.Spawner.HasPending || h.Clock.Sleeps.Count > sleepsBefore, "a respawn or a back-off");
            if (h.Spawner.HasPending)
            {
                delays.Add(TimeSpan.Zero);
            }
            else
            {
                TimeSpan delay = await h.Clock.NextSleepAsync();
                delays.Add(delay);
                h.Clock.Advance(delay);
            }

            current = await h.Spawner.NextAsync();
            if (ready)
            {
                current.Ready();
            }
        }

        return delays;
    }
}
