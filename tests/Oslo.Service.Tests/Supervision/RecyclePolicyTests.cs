using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary><see cref="RecyclePolicy"/>: plain numbers, no pool and no clock.</summary>
public sealed class RecyclePolicyTests
{
    private const long MiB = 1 << 20;

    private static readonly RecycleSettings s_memory = new() { MaxMemoryBytes = 100 * MiB, MemoryWindow = TimeSpan.FromSeconds(10) };

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Sample_MaxRequests_DueAtTheLimitPlusTheWorkersJitter()
    {
        var settings = new RecycleSettings { MaxRequests = 100, MaxRequestsJitter = 10 };
        var state = new WorkerRecycleState(jitter: 7);

        Assert.Null(RecyclePolicy.Sample(settings, state, 106, S(5), 0));
        Assert.Equal("max_requests: served 107 requests (limit 107)", RecyclePolicy.Sample(settings, state, 107, S(6), 0));
    }

    [Fact]
    public void Sample_MemoryOverTheLimit_DueOnlyOnceItStayedOverForTheWholeWindow()
    {
        var state = new WorkerRecycleState(0);
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(1), 50 * MiB));
        for (int second = 20; second < 30; second++)
        {
            Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(second), 150 * MiB));
        }

        Assert.Equal("max_worker_memory_mb: RSS 150 MiB, over 100 MiB for 10 s (max_worker_memory_window 10 s)",
            RecyclePolicy.Sample(s_memory, state, 0, S(30), 150 * MiB));
    }

    [Fact]
    public void Sample_MemorySpikeUnderTheWindow_RestartsTheWindow()
    {
        var state = new WorkerRecycleState(0);
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(1), 50 * MiB));
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(20), 150 * MiB));
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(29), 99 * MiB));
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(30), 150 * MiB));
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(39), 150 * MiB));
        Assert.NotNull(RecyclePolicy.Sample(s_memory, state, 0, S(40), 150 * MiB));
    }

    [Fact]
    public void Sample_OverTheLimitFromTheFirstSample_NeverDue_UntilSeenUnderIt()
    {
        var state = new WorkerRecycleState(0);
        for (int second = 1; second < 600; second++)
        {
            Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(second), 150 * MiB));
        }

        Assert.True(state.OverAtBoot);
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(600), 90 * MiB));
        Assert.False(state.OverAtBoot);
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(601), 150 * MiB));
        Assert.NotNull(RecyclePolicy.Sample(s_memory, state, 0, S(611), 150 * MiB));
    }

    [Fact]
    public void Sample_NotBeforeTheWorkerWasReadyForTheWindow_TheMinimumUptime()
    {
        // Under at its first sample, over right after: still not before 10 s of uptime (and of being over).
        var settings = s_memory with { MemoryWindow = TimeSpan.FromSeconds(10) };
        var state = new WorkerRecycleState(0);
        Assert.Null(RecyclePolicy.Sample(settings, state, 0, TimeSpan.Zero, 50 * MiB));
        for (int second = 1; second < 11; second++)
        {
            Assert.Null(RecyclePolicy.Sample(settings, state, 0, S(second), 150 * MiB));
        }

        Assert.NotNull(RecyclePolicy.Sample(settings, state, 0, S(11), 150 * MiB));
    }

    [Fact]
    public void Sample_UnknownMemory_IsNotASample()
    {
        var state = new WorkerRecycleState(0);
        Assert.Null(RecyclePolicy.Sample(s_memory, state, 0, S(1), 0));
        Assert.False(state.Sampled);
    }

    [Fact]
    public void Sample_MaxAge_DueOnceReadyThatLong()
    {
        var settings = new RecycleSettings { MaxAge = TimeSpan.FromSeconds(60) };
        var state = new WorkerRecycleState(0);

        Assert.Null(RecyclePolicy.Sample(settings, state, 0, S(59), 0));
        Assert.Equal("max_worker_age: ready for 60 s (limit 60 s)", RecyclePolicy.Sample(settings, state, 0, S(60), 0));
    }

    [Fact]
    public void Sample_EverythingOff_NeverDue()
    {
        Assert.False(RecycleSettings.Off.Enabled);
        Assert.Null(RecyclePolicy.Sample(RecycleSettings.Off, new WorkerRecycleState(0), long.MaxValue, TimeSpan.MaxValue, long.MaxValue));
    }
}
