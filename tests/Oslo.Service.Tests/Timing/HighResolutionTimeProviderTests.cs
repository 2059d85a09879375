using Oslo.Service.Looping;
using Oslo.Service.Timing;

using Microsoft.Extensions.Time.Testing;

using Xunit;

namespace Oslo.Service.Tests.Timing;

/// <summary>The parts of the provider that need no running timer thread: validation, disposal, periodic rescheduling.</summary>
public class HighResolutionTimeProviderTests
{
    private static readonly TimeSpan s_infinite = Timeout.InfiniteTimeSpan;

    [Theory]
    [InlineData(-2)]
    [InlineData(4294967295)]
    public void CreateTimer_DueTimeOutOfRange_Throws(long milliseconds)
    {
        HighResolutionTimeProvider provider = new(HighResolutionTimeProvider.DefaultFinalStretch);
        Assert.Throws<ArgumentOutOfRangeException>(() => provider.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(milliseconds), s_infinite));
        Assert.Throws<ArgumentOutOfRangeException>(() => provider.CreateTimer(_ => { }, null, s_infinite, TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Change_AfterDispose_ReturnsFalse_AndUnschedules()
    {
        HighResolutionTimeProvider provider = new(HighResolutionTimeProvider.DefaultFinalStretch);
        ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(1), s_infinite);
        Assert.Equal(1, provider.PendingTimers);

        timer.Dispose();
        timer.Dispose();

        Assert.Equal(0, provider.PendingTimers);
        Assert.False(timer.Change(TimeSpan.FromHours(1), s_infinite));
        Assert.Equal(0, provider.PendingTimers);
        provider.Shutdown();
    }

    [Fact]
    public void Change_ToInfinite_Unschedules_AndBackSchedules()
    {
        HighResolutionTimeProvider provider = new(HighResolutionTimeProvider.DefaultFinalStretch);
        ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(1), s_infinite);

        Assert.True(timer.Change(s_infinite, s_infinite));
        Assert.Equal(0, provider.PendingTimers);
        Assert.True(timer.Change(TimeSpan.FromHours(2), s_infinite));
        Assert.Equal(1, provider.PendingTimers);
        provider.Shutdown();
    }

    [Fact]
    public void NextDueAfterFiring_Periodic_KeepsThePhase_AndSkipsMissedPeriods()
    {
        HighResolutionTimeProvider provider = new(HighResolutionTimeProvider.DefaultFinalStretch);
        TimeSpan period = TimeSpan.FromMilliseconds(10);
        HighResolutionTimer timer = (HighResolutionTimer)provider.CreateTimer(_ => { }, null, s_infinite, period);
        long ticks = WaitPlan.ToTimestampTicks(period, provider.TimestampFrequency);

        Assert.Equal(1000 + ticks, timer.NextDueAfterFiring(due: 1000, now: 1001));
        // Fired three periods late: the next call is one period from now, not a burst of the missed ones.
        Assert.Equal(1000 + (3 * ticks) + ticks, timer.NextDueAfterFiring(due: 1000, now: 1000 + (3 * ticks)));

        timer.Change(s_infinite, TimeSpan.Zero);
        Assert.Null(timer.NextDueAfterFiring(due: 1000, now: 1001));
    }

    [Fact]
    public void SleepClock_RealClock_IsServedByTheSharedHighResolutionProvider_OtherClocksAsGiven()
    {
        FakeTimeProvider fake = new();
        Assert.Same(HighResolutionTimeProvider.Shared, new FixedIntervalLoopingCall(_ => { }, "real").SleepClock);
        Assert.Same(HighResolutionTimeProvider.Shared, new FixedIntervalLoopingCall(_ => { }, "system", TimeProvider.System).SleepClock);
        Assert.Same(fake, new FixedIntervalLoopingCall(_ => { }, "fake", fake).SleepClock);
        Assert.Same(TimeProvider.System, new FixedIntervalLoopingCall(_ => { }, "system", TimeProvider.System).TimeProvider);
    }
}
