using Oslo.Service.Looping;
using Oslo.Service.Periodic;
using Oslo.Service.Tests.Support;
using Oslo.Service.Threading;

using Xunit;

namespace Oslo.Service.Tests.Threading;

/// <summary>
/// The only tests that run on the real clock: each checks that the pieces work together with
/// <see cref="TimeProvider.System"/> and is bounded to about a second, with loose bounds for a loaded machine.
/// </summary>
[Trait("Category", "EndToEnd")]
public class RealClockEndToEndTests
{
    [Fact]
    public async Task ThreadGroup_TimersThreadsAndPeriodicTasks_RunAndStopOnTheRealClock()
    {
        ThreadGroup group = new();
        int ticks = 0;
        int periodicRuns = 0;
        PeriodicTasks tasks = new();
        tasks.AddPeriodicTask(new PeriodicTask("fast", _ => Interlocked.Increment(ref periodicRuns), TimeSpan.FromMilliseconds(100), runImmediately: true));

        group.AddTimer(TimeSpan.FromMilliseconds(50), _ => Interlocked.Increment(ref ticks));
        group.AddPeriodicTasksTimer(tasks);
        GroupThread worker = group.AddThread(ct => Task.Delay(Timeout.Infinite, ct));

        await Eventually.TrueAsync(() => Volatile.Read(ref ticks) >= 3 && Volatile.Read(ref periodicRuns) >= 3, "timers to fire", TimeSpan.FromSeconds(2));
        await group.StopAsync(graceful: false);
        await Eventually.CompletesAsync(group.WaitAsync(), TimeSpan.FromSeconds(2));

        Assert.True(worker.Completion.IsCanceled);
        Assert.Empty(group.Threads);
        Assert.Empty(group.Timers);
    }

    [Fact]
    public async Task FixedIntervalLoopingCall_StopInterruptsALongSleepPromptly()
    {
        FixedIntervalLoopingCall call = new(_ => { }, "long_sleep");
        call.Start(TimeSpan.FromHours(1));
        await Task.Delay(50);

        DateTime before = DateTime.UtcNow;
        call.Stop();
        Assert.Equal(true, await call.WaitAsync().WaitAsync(TimeSpan.FromSeconds(2)));

        Assert.True(DateTime.UtcNow - before < TimeSpan.FromSeconds(1));
    }
}
