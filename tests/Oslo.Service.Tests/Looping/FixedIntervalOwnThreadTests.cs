using Microsoft.Extensions.Logging;

using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Looping;

/// <summary>
/// A short fixed interval on the real clock runs on a thread of its own (Linux), waiting with one interruptible
/// <c>ppoll</c> per period: the loop's semantics are those of the shared-timer path.
/// </summary>
public class FixedIntervalOwnThreadTests
{
    private readonly ListLogger _log = new();

    [Fact]
    public async Task Start_ShortIntervalOnTheRealClock_RunsOnItsOwnThread()
    {
        var threads = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        FixedIntervalLoopingCall call = new(_ =>
        {
            threads.Enqueue(Thread.CurrentThread.Name);
            if (threads.Count == 5)
            {
                throw new LoopingCallDone("five");
            }
        }, "own", TimeProvider.System, _log);

        object? result = await Eventually.CompletesAsync(call.Start(TimeSpan.FromMilliseconds(10)).WaitAsync());

        Assert.Equal("five", result);
        string expected = OperatingSystem.IsLinux() ? ".NET Oslo Loop" : ".NET TP Worker";
        Assert.All(threads, name => Assert.Equal(expected, name));
    }

    [Fact]
    public async Task Stop_DuringAnHourLongInitialDelay_EndsTheWaitAtOnce()
    {
        int runs = 0;
        FixedIntervalLoopingCall call = new(_ => runs++, "sleepy", TimeProvider.System, _log);
        call.Start(TimeSpan.FromMilliseconds(10), initialDelay: TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => call.IsRunning, "the loop started");

        call.Stop();

        Assert.Equal(true, await Eventually.CompletesAsync(call.WaitAsync()));
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Stop_DuringASleep_EndsItAtOnceAfterTheRun()
    {
        using var ran = new SemaphoreSlim(0);
        FixedIntervalLoopingCall call = new(_ => ran.Release(), "slow", TimeProvider.System, _log);
        // 900 ms is still on its own thread; the deadline below is long, the sleep is what Stop must cut short.
        call.Start(TimeSpan.FromMilliseconds(900));
        Assert.True(await ran.WaitAsync(Eventually.DefaultDeadline));

        call.Stop();

        Assert.Equal(true, await Eventually.CompletesAsync(call.WaitAsync()));
    }

    [Fact]
    public async Task WaitAsync_CallbackThrowsOnItsOwnThread_RethrowsAndLogsWithTheName()
    {
        FixedIntervalLoopingCall call = new(_ => throw new InvalidDataException("boom"), "my_task", TimeProvider.System, _log);
        call.Start(TimeSpan.FromMilliseconds(10));

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(call.WaitAsync()));
        Assert.Contains("Fixed interval looping call 'my_task' failed", _log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task Start_AsyncCallbackThatYields_AwaitedBeforeTheNextRun()
    {
        int inside = 0;
        int overlaps = 0;
        int runs = 0;
        FixedIntervalLoopingCall call = new(async ct =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Delay(15, ct);
            Interlocked.Decrement(ref inside);
            if (Interlocked.Increment(ref runs) == 4)
            {
                throw new LoopingCallDone(null);
            }
        }, "async", TimeProvider.System, _log);

        await Eventually.CompletesAsync(call.Start(TimeSpan.FromMilliseconds(5)).WaitAsync());

        Assert.Equal(4, runs);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task Cancel_CooperativeCallbackOnItsOwnThread_EndsStoppedNotFailed()
    {
        using var started = new SemaphoreSlim(0);
        FixedIntervalLoopingCall call = new(async ct =>
        {
            started.Release();
            await Task.Delay(Timeout.Infinite, ct);
        }, "coop", TimeProvider.System, _log);
        call.Start(TimeSpan.FromMilliseconds(10));
        Assert.True(await started.WaitAsync(Eventually.DefaultDeadline));

        call.Cancel();

        Assert.Equal(true, await Eventually.CompletesAsync(call.WaitAsync()));
        Assert.Empty(_log.Messages(LogLevel.Error));
    }
}
