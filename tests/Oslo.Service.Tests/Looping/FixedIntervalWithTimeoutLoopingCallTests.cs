using Microsoft.Extensions.Logging;

using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class FixedIntervalWithTimeoutLoopingCallTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    [Fact]
    public async Task WaitAsync_TimeoutPassed_ThrowsLoopingCallTimeOut()
    {
        // oslo's test_looping_call_timed_out: interval 0.1, timeout 0.3.
        int calls = 0;
        FixedIntervalWithTimeoutLoopingCall call = new(_ => calls++, "f", _clock, _log);

        Task<object?> done = call.Start(TimeSpan.FromSeconds(0.1), timeout: TimeSpan.FromSeconds(0.3)).WaitAsync();
        await _clock.RunUntilAsync(done);

        LoopingCallTimeOut ex = await Assert.ThrowsAsync<LoopingCallTimeOut>(() => done);
        Assert.Equal("Looping call timed out after 0.40 seconds", ex.Message);
        Assert.Equal(5, calls);
    }

    [Fact]
    public async Task WaitAsync_TimeoutEvenWithoutStopOnException_EndsTheLoop()
    {
        FixedIntervalWithTimeoutLoopingCall call = new(_ => throw new InvalidDataException(), "f", _clock, _log);

        Task<object?> done = call.Start(TimeSpan.FromSeconds(1), stopOnException: false, timeout: TimeSpan.FromSeconds(2.5)).WaitAsync();
        await _clock.RunUntilAsync(done);

        await Assert.ThrowsAsync<LoopingCallTimeOut>(() => done);
        Assert.Contains("Fixed interval looping call with timeout checking. 'f' failed", _log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task Run_TimeoutShorterThanTheRun_StillRunsOnce()
    {
        int calls = 0;
        FixedIntervalWithTimeoutLoopingCall call = new(_ =>
        {
            calls++;
            _clock.Advance(TimeSpan.FromSeconds(5));
        }, "f", _clock, _log);

        await Assert.ThrowsAsync<LoopingCallTimeOut>(() => Eventually.CompletesAsync(call.Start(TimeSpan.FromSeconds(1), timeout: TimeSpan.FromSeconds(1)).WaitAsync()));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Start_WhileRunning_ThrowsOslosMessage()
    {
        FixedIntervalWithTimeoutLoopingCall call = new(_ => { }, "f", _clock, _log);
        call.Start(TimeSpan.FromSeconds(1));

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => call.Start(TimeSpan.FromSeconds(1)));
        Assert.Equal("A fixed interval looping call with timeout checking and can only run one function at at a time", ex.Message);
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }
}
