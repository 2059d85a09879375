using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class BackOffLoopingCallTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.8)]
    public async Task Run_AlwaysFailing_SleepsOslosVectorThenTimesOut(double draw)
    {
        BackOffLoopingCall call = new(_ => false, "f", _clock, logger: _log) { Gauss = (_, _) => draw };

        Task<object?> done = call.Start().WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        LoopingCallTimeOut ex = await Assert.ThrowsAsync<LoopingCallTimeOut>(() => done);
        Assert.Equal("Looping call timed out after 411.99 seconds", ex.Message);
        Assert.Equal(BackOffPolicyTests.OsloVector.Length, sleeps.Count);
        for (int i = 0; i < sleeps.Count; i++)
        {
            // Timers count whole milliseconds; the exact vector is checked on the pure policy.
            Assert.Equal(BackOffPolicyTests.OsloVector[i], sleeps[i].TotalSeconds, 0.001);
        }
    }

    [Fact]
    public async Task Run_SameSeededRandom_SameSleeps()
    {
        // The public jitter seam is a Random: the same seed gives the same back-off sequence.
        async Task<List<TimeSpan>> SleepsAsync(Random random)
        {
            var clock = new TestClock();
            BackOffLoopingCall call = new(_ => false, "f", clock, random, _log);
            Task<object?> done = call.Start(parameters: new BackOffParameters(Timeout: 60)).WaitAsync();
            List<TimeSpan> sleeps = await clock.RunUntilAsync(done);
            await Assert.ThrowsAsync<LoopingCallTimeOut>(() => done);
            return sleeps;
        }

        List<TimeSpan> first = await SleepsAsync(new Random(42));
        List<TimeSpan> second = await SleepsAsync(new Random(42));
        List<TimeSpan> fixedDraw = await SleepsAsync(new FixedRandom(0.5));

        Assert.Equal(first, second);
        Assert.NotEqual(first, fixedDraw);
    }

    [Fact]
    public async Task Run_MaxInterval_CapsTheSleeps()
    {
        BackOffLoopingCall call = new(_ => false, "f", _clock, logger: _log) { Gauss = (_, _) => 0.8 };

        Task<object?> done = call.Start(parameters: new BackOffParameters(MaxInterval: 60)).WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        await Assert.ThrowsAsync<LoopingCallTimeOut>(() => done);
        Assert.Equal([60, 60, 60], sleeps.TakeLast(3).Select(s => s.TotalSeconds));
    }

    [Fact]
    public async Task Run_Successes_SleepStartingIntervalTimesJitterAndDonePassesTheValue()
    {
        // oslo's test_no_backoff: gauss = 1 → sleeps 1, 1, 1, then Done's value.
        int calls = 0;
        BackOffLoopingCall call = new(_ => ++calls <= 3 ? true : throw new LoopingCallDone("value"), "f", _clock, logger: _log) { Gauss = (_, _) => 1.0 };

        Task<object?> done = call.Start().WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        Assert.Equal("value", await done);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], sleeps);
    }

    [Fact]
    public async Task Run_DoneOnTheFirstCall_NeverSleeps()
    {
        BackOffLoopingCall call = new((Func<CancellationToken, bool>)(_ => throw new LoopingCallDone(7)), "f", _clock, logger: _log) { Gauss = (_, _) => 1.0 };

        Assert.Equal(7, await Eventually.CompletesAsync(call.Start().WaitAsync()));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public async Task Run_SuccessAfterFailures_ResetsTheBackOff()
    {
        Queue<bool> results = new([false, false, true, false]);
        BackOffLoopingCall call = new(_ => results.Count > 0 ? results.Dequeue() : throw new LoopingCallDone(), "f", _clock, logger: _log) { Gauss = (_, _) => 0.8 };

        List<TimeSpan> sleeps = await _clock.RunUntilAsync(call.Start().WaitAsync());

        Assert.Equal([1.6, 2.4, 0.8, 1.6], sleeps.Select(s => Math.Round(s.TotalSeconds, 6)));
    }

    [Fact]
    public async Task Start_WhileRunning_ThrowsOslosMessage()
    {
        BackOffLoopingCall call = new(async _ =>
        {
            await Task.Yield();
            return true;
        }, "f", _clock, logger: _log) { Gauss = (_, _) => 1.0 };
        call.Start();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => call.Start());
        Assert.Equal("A dynamic backoff interval looping call can only run one function at a time", ex.Message);
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }
}
