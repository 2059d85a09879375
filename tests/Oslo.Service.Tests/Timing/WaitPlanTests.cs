using Oslo.Service.Timing;

using Xunit;

namespace Oslo.Service.Tests.Timing;

public class WaitPlanTests
{
    private const long Frequency = 1_000_000_000; // Stopwatch ticks on Linux: nanoseconds
    private const long Ms = Frequency / 1000;

    [Theory]
    [InlineData(0)]
    [InlineData(-5 * Ms)]
    [InlineData(Ms / 2)]
    [InlineData(Ms / 4)]
    public void BlockMilliseconds_DueOrWithinTheFinalStretch_DoesNotBlock(long remaining) =>
        Assert.Equal(0, WaitPlan.BlockMilliseconds(remaining, Frequency, finalStretch: Ms / 2));

    [Theory]
    [InlineData(10 * Ms, 10)] // ceil(9.5): wakes in [9.5, 10.5) ms
    [InlineData((10 * Ms) + (6 * Ms / 10), 11)] // ceil(10.1)
    [InlineData((Ms / 2) + 1, 1)] // just outside the window: the shortest block
    public void BlockMilliseconds_RoundsUpFromTheStartOfTheFinalStretch(long remaining, int expected) =>
        Assert.Equal(expected, WaitPlan.BlockMilliseconds(remaining, Frequency, finalStretch: Ms / 2));

    [Fact]
    public void BlockMilliseconds_WithAStretchOfOneMillisecond_NeverWakesAfterTheDeadline()
    {
        for (long remaining = Ms + 1; remaining < 30 * Ms; remaining += 37_913)
        {
            // A monitor wait of n ms wakes n ms later (on the precise clock): inside the window, before the deadline.
            long wake = WaitPlan.BlockMilliseconds(remaining, Frequency, finalStretch: Ms) * Ms;
            Assert.InRange(wake, remaining - Ms, remaining - 1);
        }
    }

    [Fact]
    public void BlockMilliseconds_AFarDeadline_IsCappedBelowAnInfiniteWait() =>
        Assert.Equal(int.MaxValue - 1, WaitPlan.BlockMilliseconds(long.MaxValue, Frequency, 0));

    [Theory]
    [InlineData(1_000_000_000L)]
    [InlineData(10_000_000L)]
    [InlineData(3_579_545L)]
    public void ToTimestampTicks_IsExactForSubMillisecondDurations(long frequency)
    {
        TimeSpan duration = TimeSpan.FromTicks(98_765); // 9.8765 ms
        Assert.Equal(98_765 * frequency / TimeSpan.TicksPerSecond, WaitPlan.ToTimestampTicks(duration, frequency));
        Assert.Equal(frequency * 3600 * 24 * 40, WaitPlan.ToTimestampTicks(TimeSpan.FromDays(40), frequency));
    }
}
