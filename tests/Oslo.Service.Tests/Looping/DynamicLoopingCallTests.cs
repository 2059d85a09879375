using Microsoft.Extensions.Logging;

using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class DynamicLoopingCallTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    private static Func<CancellationToken, TimeSpan?> Sync(Func<CancellationToken, TimeSpan?> callback) => callback;

    [Fact]
    public async Task WaitAsync_LoopingCallDone_ReturnsItsValue()
    {
        DynamicLoopingCall call = new(Sync(_ => throw new LoopingCallDone(false)), "f", _clock, _log);

        Assert.Equal(false, await Eventually.CompletesAsync(call.Start().WaitAsync()));
    }

    [Fact]
    public async Task WaitAsync_NoIntervalAndNoMax_ThrowsOslosError()
    {
        DynamicLoopingCall call = new(Sync(_ => null), "f", _clock, _log);

        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.CompletesAsync(call.Start().WaitAsync()));
        Assert.Equal(DynamicIntervalPolicy.MissingIntervalMessage, ex.Message);
    }

    [Fact]
    public async Task Run_NoIntervalWithMax_SleepsTheMax()
    {
        DynamicLoopingCall call = new(Sync(_ => null), "f", _clock, _log);
        call.Start(periodicIntervalMax: TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), await _clock.NextSleepAsync());
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }

    [Fact]
    public async Task Run_IntervalAdjustment_CapsByTheMax()
    {
        // oslo's test_interval_adjustment: returns 11 then 1 with max 5 → sleeps 5, 1.
        Queue<TimeSpan?> returns = new([TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(1)]);
        DynamicLoopingCall call = new(Sync(_ => returns.Count > 0 ? returns.Dequeue() : throw new LoopingCallDone()), "f", _clock, _log);

        Task<object?> done = call.Start(periodicIntervalMax: TimeSpan.FromSeconds(5)).WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)], sleeps);
    }

    [Fact]
    public async Task Run_NoRunTimeCompensation_SleepsTheReturnedInterval()
    {
        int calls = 0;
        DynamicLoopingCall call = new(_ =>
        {
            if (++calls == 3)
            {
                throw new LoopingCallDone();
            }

            _clock.Advance(TimeSpan.FromSeconds(4));
            return TimeSpan.FromSeconds(10);
        }, "f", _clock, _log);

        List<TimeSpan> sleeps = await _clock.RunUntilAsync(call.Start().WaitAsync());

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)], sleeps);
    }

    [Fact]
    public async Task Start_InitialDelay_SleepsItFirst()
    {
        DynamicLoopingCall call = new(Sync(_ => throw new LoopingCallDone()), "f", _clock, _log);

        List<TimeSpan> sleeps = await _clock.RunUntilAsync(call.Start(initialDelay: TimeSpan.FromSeconds(3)).WaitAsync());

        Assert.Equal([TimeSpan.FromSeconds(3)], sleeps);
    }

    [Fact]
    public async Task Run_DoNotStopOnException_ContinuesUntilDone()
    {
        int calls = 0;
        DynamicLoopingCall call = new(_ => ++calls switch
        {
            < 3 => throw new InvalidDataException(),
            3 => TimeSpan.FromSeconds(1),
            _ => throw new LoopingCallDone(calls),
        }, "dyn", _clock, _log);

        Task<object?> done = call.Start(stopOnException: false).WaitAsync();
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(done);

        Assert.Equal(4, await done);
        Assert.Equal([TimeSpan.FromSeconds(1)], sleeps); // failed runs are followed at once, as in oslo
        Assert.Equal(2, _log.Messages(LogLevel.Error).Count(m => m == "Dynamic interval looping call 'dyn' failed"));
    }

    [Fact]
    public async Task WaitAsync_CallbackThrows_Rethrows()
    {
        DynamicLoopingCall call = new(async _ =>
        {
            await Task.Yield();
            throw new InvalidDataException();
        }, "f", _clock, _log);

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(call.Start().WaitAsync()));
    }

    [Fact]
    public async Task Start_WhileRunning_ThrowsOslosMessage()
    {
        DynamicLoopingCall call = new(_ => TimeSpan.FromSeconds(1), "f", _clock, _log);
        call.Start();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => call.Start());
        Assert.Equal("A dynamic interval looping call can only run one function at a time", ex.Message);
        call.Stop();
        await Eventually.CompletesAsync(call.WaitAsync());
    }
}
