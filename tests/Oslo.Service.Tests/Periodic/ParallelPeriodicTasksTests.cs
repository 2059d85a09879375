using Microsoft.Extensions.Logging;

using Oslo.Service.Periodic;
using Oslo.Service.Tests.Support;
using Oslo.Service.Threading;

using Xunit;

namespace Oslo.Service.Tests.Periodic;

/// <summary>oslo.service 4.x's <c>run_periodic_tasks_in_parallel</c>: the due tasks of one pass run concurrently, bounded.</summary>
public sealed class ParallelPeriodicTasksTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    [Fact]
    public async Task RunPeriodicTasksInParallelAsync_TwoTasksThatWaitForEachOther_BothFinish()
    {
        using var barrier = new Barrier(2);
        var tasks = new PeriodicTasks(timeProvider: _clock, logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("a", _ => Assert.True(barrier.SignalAndWait(Eventually.DefaultDeadline)), TimeSpan.FromSeconds(10), runImmediately: true));
        tasks.AddPeriodicTask(new PeriodicTask("b", _ => Assert.True(barrier.SignalAndWait(Eventually.DefaultDeadline)), TimeSpan.FromSeconds(20), runImmediately: true));

        TimeSpan idle = await Eventually.CompletesAsync(tasks.RunPeriodicTasksInParallelAsync(null, raiseOnError: true, maxParallelism: 2));

        Assert.Equal(TimeSpan.FromSeconds(10), idle);
    }

    [Fact]
    public async Task RunPeriodicTasksInParallelAsync_BoundOfOne_NeverTwoAtOnce()
    {
        int inside = 0;
        int most = 0;
        var tasks = new PeriodicTasks(timeProvider: _clock, logger: _log);
        for (int i = 0; i < 4; i++)
        {
            tasks.AddPeriodicTask(new PeriodicTask($"t{i}", async _ =>
            {
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }, TimeSpan.FromSeconds(10), runImmediately: true));
        }

        await Eventually.CompletesAsync(tasks.RunPeriodicTasksInParallelAsync(null, maxParallelism: 1));

        Assert.Equal(1, most);
    }

    [Fact]
    public async Task RunPeriodicTasksInParallelAsync_OneTaskFails_OthersRunAndTheFailureIsLogged()
    {
        int ran = 0;
        var tasks = new PeriodicTasks(timeProvider: _clock, logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("bad", _ => throw new InvalidDataException("boom"), TimeSpan.FromSeconds(10), runImmediately: true));
        tasks.AddPeriodicTask(new PeriodicTask("good", _ => Interlocked.Increment(ref ran), TimeSpan.FromSeconds(10), runImmediately: true));

        await Eventually.CompletesAsync(tasks.RunPeriodicTasksInParallelAsync(null));

        Assert.Equal(1, ran);
        Assert.Contains("Error during PeriodicTasks.bad", _log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task RunPeriodicTasksInParallelAsync_RaiseOnError_ThrowsAfterEveryTaskEnded()
    {
        int ran = 0;
        var tasks = new PeriodicTasks(timeProvider: _clock, logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("bad", _ => throw new InvalidDataException("boom"), TimeSpan.FromSeconds(10), runImmediately: true));
        tasks.AddPeriodicTask(new PeriodicTask("good", _ => Interlocked.Increment(ref ran), TimeSpan.FromSeconds(10), runImmediately: true));

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(tasks.RunPeriodicTasksInParallelAsync(null, raiseOnError: true)));
        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task RunPeriodicTasksInParallelAsync_NotDue_NotRunAndIdleUntilDue()
    {
        int ran = 0;
        var tasks = new PeriodicTasks(timeProvider: _clock, logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("later", _ => ran++, TimeSpan.FromSeconds(10)));

        Assert.Equal(TimeSpan.FromSeconds(10), await tasks.RunPeriodicTasksInParallelAsync(null));
        Assert.Equal(0, ran);
    }

    [Fact]
    public void MaxThreads_DeprecatedAlias_IsThreadPoolSize()
    {
#pragma warning disable CS0618 // the deprecated alias is what is tested
        Assert.Equal(7, new ThreadGroup(7).MaxThreads);
#pragma warning restore CS0618
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
