using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

public sealed class RestartPolicyTests
{
    private static readonly SupervisionSettings s_settings = new()
    {
        RestartIntensity = 3,
        RestartPeriod = TimeSpan.FromSeconds(10),
        BackoffInitial = TimeSpan.FromSeconds(1),
        BackoffMax = TimeSpan.FromSeconds(5),
        BootFailureThreshold = 2,
    };

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(4, 5000)]
    [InlineData(40, 5000)]
    public void Backoff_Doubles_UpToTheMaximum(int level, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RestartPolicy.Backoff(level, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));

    [Fact]
    public void ForkTooFast_MoreForksThanWorkersWithinWorkersSeconds_SleepsOneSecond()
    {
        TimeSpan[] forks = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5), TimeSpan.FromSeconds(11)];

        Assert.Equal(TimeSpan.FromSeconds(1), RestartPolicy.ForkTooFastDelay(forks, workers: 2, now: TimeSpan.FromSeconds(11.9)));
        Assert.Equal(TimeSpan.Zero, RestartPolicy.ForkTooFastDelay(forks, workers: 2, now: TimeSpan.FromSeconds(12)));
        Assert.Equal(TimeSpan.Zero, RestartPolicy.ForkTooFastDelay(forks, workers: 3, now: TimeSpan.FromSeconds(11)));
    }

    [Theory]
    [InlineData(3, 3, 0)]
    [InlineData(4, 3, 1)]
    [InlineData(6, 3, 3)]
    public void IntensityExcess_CountsRestartsBeyondTheIntensity(int restarts, int intensity, int expected) =>
        Assert.Equal(expected, RestartPolicy.IntensityExcess(restarts, intensity));

    [Fact]
    public void Decide_BootFailuresAtThreshold_BacksOffAsBootFailure()
    {
        RestartDecision decision = RestartPolicy.Decide([], restartsInPeriod: 1, consecutiveBootFailures: 3, workers: 1, TimeSpan.Zero, s_settings);

        Assert.Equal(new RestartDecision(TimeSpan.FromSeconds(2), RestartReason.BootFailure), decision);
    }

    [Fact]
    public void Tracker_CrashLoop_IntensityThenExponentialBackoffThenQuietWindowResets()
    {
        var time = new FakeTimeProvider();
        var tracker = new RestartTracker(time);
        tracker.OnSpawned(1);
        tracker.OnReady();
        var delays = new List<TimeSpan>();
        for (int i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1.5));
            RestartDecision decision = tracker.OnDied(beforeReady: false, workers: 1, s_settings);
            delays.Add(decision.Delay);
            time.Advance(decision.Delay);
            tracker.OnSpawned(1);
            tracker.OnReady();
        }

        // The sixth restart is at 12 s: the first (1.5 s) has left the 10 s window, so the excess is still 2.
        Assert.Equal([0, 0, 0, 1, 2, 2], delays.Select(d => d.TotalSeconds));

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(RestartReason.None, tracker.OnDied(beforeReady: false, workers: 1, s_settings).Reason);
    }

    [Fact]
    public void Tracker_DiesBeforeReadyRepeatedly_BootFailureUntilAWorkerIsReady()
    {
        var time = new FakeTimeProvider();
        var tracker = new RestartTracker(time);
        tracker.OnSpawned(2);
        tracker.OnSpawned(2);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(RestartReason.None, tracker.OnDied(beforeReady: true, workers: 2, s_settings).Reason);
        tracker.OnSpawned(2);
        time.Advance(TimeSpan.FromSeconds(5));
        RestartDecision second = tracker.OnDied(beforeReady: true, workers: 2, s_settings);
        Assert.Equal(new RestartDecision(TimeSpan.FromSeconds(1), RestartReason.BootFailure), second);

        tracker.OnReady();
        Assert.Equal(0, tracker.ConsecutiveBootFailures);
    }

    [Fact]
    public void Tracker_ForksFasterThanOslosGuard_ForkingTooFast()
    {
        var time = new FakeTimeProvider();
        var tracker = new RestartTracker(time);
        tracker.OnSpawned(1);
        time.Advance(TimeSpan.FromMilliseconds(200));
        tracker.OnSpawned(1);
        time.Advance(TimeSpan.FromMilliseconds(200));

        RestartDecision decision = tracker.OnDied(beforeReady: false, workers: 1, s_settings);

        Assert.Equal(new RestartDecision(TimeSpan.FromSeconds(1), RestartReason.ForkingTooFast), decision);
    }

    [Theory]
    [InlineData(4, 1, "0|1|2|3")]
    [InlineData(4, 2, "0,1|2,3")]
    [InlineData(5, 2, "0,1|2,3|4")]
    [InlineData(3, 8, "0,1,2")]
    public void RollingPlan_BatchesOfSurge_KeepAtLeastNReady(int workers, int surge, string expected)
    {
        IReadOnlyList<IReadOnlyList<int>> batches = RollingPlan.Batches([.. Enumerable.Range(0, workers).Reverse()], surge);

        Assert.Equal(expected, string.Join('|', batches.Select(b => string.Join(',', b))));
        Assert.All(batches, b => Assert.InRange(RollingPlan.PeakProcesses(workers, b), workers + 1, workers + surge));
    }

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(1, 4, 1)]
    [InlineData(9, 4, 4)]
    [InlineData(0, 0, 1)]
    public void RollingPlan_Surge_ZeroMeansAllWorkers(int reloadSurge, int workers, int expected) =>
        Assert.Equal(expected, RollingPlan.Surge(reloadSurge, workers));

    [Fact]
    public void WorkerIdentity_FormatThenParse_RoundTrips()
    {
        var identity = new WorkerIdentity(1, 3, 4242, 17, TimeSpan.FromMilliseconds(500));

        Assert.Equal(identity, WorkerIdentity.Parse(identity.Format()));
        Assert.Equal(-1, identity.BoardFd);
        var withBoard = new WorkerIdentity(1, 3, 4242, 17, TimeSpan.FromMilliseconds(500), Workers: 2, BoardFd: 9);
        Assert.Equal(withBoard, WorkerIdentity.Parse(withBoard.Format()));
        // A value written before the board field existed: no board.
        Assert.Equal(-1, WorkerIdentity.Parse("service=1;worker=3;parent=4242;fd=17;heartbeat_ms=500;workers=2")!.BoardFd);
        Assert.Null(WorkerIdentity.Parse(null));
        Assert.True(new WorkerIdentity(0, -1, 1, 3, TimeSpan.FromSeconds(1)).IsSpare);
        Assert.Throws<FormatException>(() => WorkerIdentity.Parse("service=1;worker=2"));
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet", null, "app.dll|--config-file|a.conf", "app.dll|--config-file|a.conf")]
    [InlineData("/opt/app/app", null, "/opt/app/app.dll|--config-file|a.conf", "--config-file|a.conf")]
    [InlineData("/usr/share/dotnet/dotnet", "dotnet|exec|--runtimeconfig|x.json|app.dll|-v", "app.dll|-v", "exec|--runtimeconfig|x.json|app.dll|-v")]
    public void WorkerCommandLine_ApphostAndDotnetHost_PassTheAppAgain(string processPath, string? procCmdline, string commandLineArgs, string expected)
    {
        IReadOnlyList<string> arguments = WorkerCommandLine.Arguments(processPath, procCmdline?.Split('|'), commandLineArgs.Split('|'));

        Assert.Equal(expected, string.Join('|', arguments));
    }
}
