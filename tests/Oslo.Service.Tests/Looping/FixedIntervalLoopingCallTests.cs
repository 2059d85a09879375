using Microsoft.Extensions.Logging;

using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class FixedIntervalLoopingCallTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WaitAsync_LoopingCallDone_ReturnsItsValue(bool value)
    {
        FixedIntervalLoopingCall call = new(_ => throw new LoopingCallDone(value), "f", _clock, _log);

        object? result = await Eventually.CompletesAsync(call.Start(TimeSpan.FromSeconds(1)).WaitAsync());

        Assert.Equal(value, result);
        Assert.Empty(_log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task WaitAsync_CallbackThrows_RethrowsAndLogsWithTheName()
    {
        FixedIntervalLoopingCall call = new(_ => throw new InvalidDataException("boom"), "my_task", _clock, _log);
        call.Start(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(call.WaitAsync()));
        Assert.Contains("Fixed interval looping call 'my_task' failed", _log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task Start_DoNotStopOnException_KeepsGoingUntilDone()
    {
        int calls = 0;
        FixedIntervalLoopingCall call = new(_ =>
        {
            if (++calls < 3)
            {
                throw new InvalidDataException("boom");
            }

            throw new LoopingCallDone("ok");
        }, "f", _clock, _log);

        Task<object?> done = call.Start(TimeSpan.FromSeconds(1), stopOnException: false).WaitAsync();
        await _clock.RunUntilAsync(done);

        Assert.Equal("ok", await done);
        Assert.Equal(3, calls);
        Assert.Equal(2, _log.Messages(LogLevel.Error).Count(m => m == "Fixed interval looping call 'f' failed"));
    }

    [Fact]
    public async Task Start_WhileRunning_ThrowsOslosMessage()
    {
        FixedIntervalLoopingCall call = new(_ => { }, "f", _clock, _log);
        call.Start(TimeSpan.FromSeconds(1));

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => call.Start(TimeSpan.FromSeconds(1)));
        Assert.Equal("A fixed interval looping call can only run one function at a time", ex.Message);
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }

    [Fact]
    public async Task Stop_Twice_IsFineAndWaitReturnsTrue()
    {
        FixedIntervalLoopingCall call = new(_ => { }, "f", _clock, _log);
        Task<object?> done = call.Start(TimeSpan.FromHours(1)).WaitAsync();
        await _clock.NextSleepAsync();

        call.Stop();
        call.Stop();

        // No fake time passes: stop interrupts the one-hour sleep at once.
        Assert.Equal(true, await Eventually.CompletesAsync(done));
        Assert.False(call.IsRunning);
    }

    [Fact]
    public async Task Run_IntervalAdjustment_CompensatesForRunTimeAndWarnsOnOverrun()
    {
        // oslo's test_interval_adjustment: interval 1.01, run times 0.99, 2, 1.01 → sleeps 0.02, 0, 0.
        double[] runTimes = [0.99, 2, 1.01];
        int calls = 0;
        FixedIntervalLoopingCall call = new(_ =>
        {
            if (calls == runTimes.Length)
            {
                throw new LoopingCallDone();
            }

            _clock.Advance(TimeSpan.FromSeconds(runTimes[calls++]));
        }, "adjusted", _clock, _log);

        Task<object?> done = call.Start(TimeSpan.FromSeconds(1.01)).WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        await done;
        TimeSpan only = Assert.Single(sleeps);
        Assert.Equal(0.02, only.TotalSeconds, 6);
        Assert.Equal(["Function 'adjusted' run outlasted interval by 0.99 sec"], _log.Messages(LogLevel.Warning));
    }

    [Fact]
    public async Task Run_LateWakeUp_IsMadeUpOnTheNextPeriod()
    {
        List<DateTimeOffset> starts = [];
        FixedIntervalLoopingCall call = new(_ => starts.Add(_clock.GetUtcNow()), "f", _clock, _log);
        DateTimeOffset t0 = _clock.GetUtcNow();
        call.Start(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), await _clock.NextSleepAsync());
        _clock.Advance(TimeSpan.FromSeconds(10.5)); // the timer fires half a second late

        // The next start is still t0 + 20 s: the lateness does not accumulate.
        Assert.Equal(TimeSpan.FromSeconds(9.5), await _clock.NextSleepAsync());
        _clock.Advance(TimeSpan.FromSeconds(9.5));
        await _clock.NextSleepAsync();
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());

        Assert.Equal([t0, t0.AddSeconds(10.5), t0.AddSeconds(20)], starts);
        Assert.Empty(_log.Messages(LogLevel.Warning));
    }

    [Fact]
    public async Task Run_WakeUpLaterThanAnInterval_RunsOnceAtOnceAndKeepsThePhase()
    {
        List<DateTimeOffset> starts = [];
        FixedIntervalLoopingCall call = new(_ => starts.Add(_clock.GetUtcNow()), "f", _clock, _log);
        DateTimeOffset t0 = _clock.GetUtcNow();
        call.Start(TimeSpan.FromSeconds(10));

        await _clock.NextSleepAsync();
        _clock.Advance(TimeSpan.FromSeconds(25)); // woke 15 s late: grid point 10 runs at 25

        // Grid point 20 has passed too: it runs at once (no sleep), and the next run is back on the grid at 30.
        Assert.Equal(TimeSpan.FromSeconds(5), await _clock.NextSleepAsync());
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());

        Assert.Equal([t0, t0.AddSeconds(25), t0.AddSeconds(25)], starts);
        Assert.Empty(_log.Messages(LogLevel.Warning)); // the runs themselves were quick
    }

    [Fact]
    public async Task Start_InitialDelay_SleepsBeforeTheFirstRun()
    {
        int calls = 0;
        FixedIntervalLoopingCall call = new(_ => calls++, "f", _clock, _log);
        call.Start(TimeSpan.FromSeconds(1), initialDelay: TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), await _clock.NextSleepAsync());
        Assert.Equal(0, calls);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextSleepAsync());
        Assert.Equal(1, calls);
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }

    [Fact]
    public async Task Stop_DuringInitialDelay_EndsWithoutRunning()
    {
        int calls = 0;
        FixedIntervalLoopingCall call = new(_ => calls++, "f", _clock, _log);
        Task<object?> done = call.Start(TimeSpan.FromSeconds(1), initialDelay: TimeSpan.FromMinutes(5)).WaitAsync();
        await _clock.NextSleepAsync();

        call.Stop();

        Assert.Equal(true, await Eventually.CompletesAsync(done));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Stop_DuringTheCallback_DiscardsTheResultAndReturnsTrue()
    {
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        FixedIntervalLoopingCall call = new(async _ =>
        {
            entered.SetResult();
            await release.Task;
            throw new LoopingCallDone("discarded?");
        }, "f", _clock, _log);
        Task<object?> done = call.Start(TimeSpan.FromSeconds(1)).WaitAsync();
        await Eventually.CompletesAsync(entered.Task);

        call.Stop();
        release.SetResult();

        // oslo only checks _running after a normal return; a Done raised by the callback still wins.
        Assert.Equal("discarded?", await Eventually.CompletesAsync(done));
    }

    [Fact]
    public async Task Stop_DuringTheCallbackThatReturns_WaitReturnsTrue()
    {
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        FixedIntervalLoopingCall call = new(async _ =>
        {
            calls++;
            entered.TrySetResult();
            await release.Task;
        }, "f", _clock, _log);
        Task<object?> done = call.Start(TimeSpan.FromSeconds(1)).WaitAsync();
        await Eventually.CompletesAsync(entered.Task);

        call.Stop();
        release.SetResult();

        Assert.Equal(true, await Eventually.CompletesAsync(done));
        Assert.Equal(1, calls);
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public async Task Cancel_DuringTheCallback_CancelsItsToken()
    {
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        FixedIntervalLoopingCall call = new(async ct =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, "f", _clock, _log);
        Task<object?> done = call.Start(TimeSpan.FromSeconds(1)).WaitAsync();
        await Eventually.CompletesAsync(entered.Task);

        call.Cancel();

        Assert.Equal(true, await Eventually.CompletesAsync(done));
        Assert.Empty(_log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task Start_AfterTheLoopEnded_RunsAgain()
    {
        int calls = 0;
        FixedIntervalLoopingCall call = new(_ => throw new LoopingCallDone(++calls), "f", _clock, _log);

        Assert.Equal(1, await Eventually.CompletesAsync(call.Start(TimeSpan.FromSeconds(1)).WaitAsync()));
        Assert.Equal(2, await Eventually.CompletesAsync(call.Start(TimeSpan.FromSeconds(1)).WaitAsync()));
    }

    [Fact]
    public void Start_NegativeInterval_Throws()
    {
        FixedIntervalLoopingCall call = new(_ => { }, "f", _clock, _log);

        Assert.Throws<ArgumentOutOfRangeException>(() => call.Start(TimeSpan.FromSeconds(-1)));
        Assert.False(call.IsRunning);
    }

    [Fact]
    public void WaitAsync_NeverStarted_Throws()
    {
        FixedIntervalLoopingCall call = new(_ => { }, "f", _clock, _log);

        Assert.Throws<InvalidOperationException>(() => _ = call.Completion.Id);
    }

    [Fact]
    public async Task Run_Repeat_RunsUntilDoneOnePeriodApart()
    {
        List<DateTimeOffset> starts = [];
        FixedIntervalLoopingCall call = new(_ =>
        {
            starts.Add(_clock.GetUtcNow());
            if (starts.Count == 5)
            {
                throw new LoopingCallDone();
            }
        }, "f", _clock, _log);

        Task<object?> done = call.Start(TimeSpan.FromSeconds(2)).WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(2), 4), sleeps);
        Assert.Equal(TimeSpan.FromSeconds(8), starts[^1] - starts[0]);
    }
}
