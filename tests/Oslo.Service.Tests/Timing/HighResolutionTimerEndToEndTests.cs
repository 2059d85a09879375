using System.Diagnostics;

using Oslo.Service.Tests.Support;
using Oslo.Service.Timing;

using Xunit;

namespace Oslo.Service.Tests.Timing;

/// <summary>
/// The timer thread on the real clock (it exists to be precise on it). Each test owns a private provider, waits on
/// events with deadlines, and asserts only what a loaded machine cannot break: never early, eventually on time.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class HighResolutionTimerEndToEndTests : IDisposable
{
    private readonly HighResolutionTimeProvider _provider = new(HighResolutionTimeProvider.DefaultFinalStretch);

    public void Dispose() => _provider.Shutdown();

    [Fact]
    public async Task TimerSleep_SubMillisecondDueTime_EndsNotBeforeIt()
    {
        TimeSpan due = TimeSpan.FromMilliseconds(20.6);
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await Eventually.CompletesAsync(TimerSleep.Start(_provider, due, CancellationToken.None));
            Assert.True(Stopwatch.GetElapsedTime(start) >= due, $"fired after {Stopwatch.GetElapsedTime(start).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task CreateTimer_FiresInDeadlineOrder_WhateverTheOrderOfCreation()
    {
        List<int> fired = [];
        TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        void Fire(object? state)
        {
            lock (fired)
            {
                fired.Add((int)state!);
                if (fired.Count == 3)
                {
                    all.SetResult();
                }
            }
        }

        // 200 ms apart: callbacks run on the thread pool, so closer deadlines could swap on a loaded machine.
        using ITimer late = _provider.CreateTimer(Fire, 3, TimeSpan.FromMilliseconds(420), Timeout.InfiniteTimeSpan);
        using ITimer early = _provider.CreateTimer(Fire, 1, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        using ITimer middle = _provider.CreateTimer(Fire, 2, TimeSpan.FromMilliseconds(220), Timeout.InfiniteTimeSpan);

        await Eventually.CompletesAsync(all.Task);
        Assert.Equal([1, 2, 3], fired);
    }

    [Fact]
    public async Task CreateTimer_CallbackRunsOffTheTimerThread_SoABlockedCallbackDoesNotHoldBackOthers()
    {
        using ManualResetEventSlim release = new();
        TaskCompletionSource blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer blocker = _provider.CreateTimer(_ =>
        {
            blocked.SetResult();
            release.Wait(Eventually.DefaultDeadline);
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        await Eventually.CompletesAsync(blocked.Task);

        using ITimer other = _provider.CreateTimer(_ => release.Set(), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        await Eventually.TrueAsync(() => release.IsSet, "the second timer to fire while the first callback blocks");
    }

    [Fact]
    public async Task CreateTimer_Periodic_FiresRepeatedly_UntilDisposed()
    {
        int calls = 0;
        ITimer timer = _provider.CreateTimer(_ => Interlocked.Increment(ref calls), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => Volatile.Read(ref calls) >= 5, "five periodic calls");

        timer.Dispose();
        Assert.Equal(0, _provider.PendingTimers);
    }

    [Fact]
    public async Task Delay_Cancelled_EndsAtOnce_AndLeavesNoTimerBehind()
    {
        using CancellationTokenSource cancel = new();
        Task delay = Task.Delay(TimeSpan.FromHours(1), _provider, cancel.Token);
        Assert.Equal(1, _provider.PendingTimers);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.CompletesAsync(delay));
        Assert.Equal(0, _provider.PendingTimers);
    }

    [Fact]
    public async Task CreateTimer_FlowsTheExecutionContext_LikeTheSystemTimers()
    {
        AsyncLocal<string> local = new() { Value = "flowed" };
        TaskCompletionSource<string?> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer timer = _provider.CreateTimer(_ => seen.SetResult(local.Value), null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);

        Assert.Equal("flowed", await Eventually.CompletesAsync(seen.Task));
    }
}
