using Oslo.Service.Looping;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class FixedIntervalPolicyTests
{
    [Theory]
    // oslo's test_interval_adjustment: interval 1.01, run times 0.99, 2, 1.01 → sleeps 0.02, 0, 0.
    [InlineData(1.01, 0.99, 0.02, 0)]
    [InlineData(1.01, 2.0, 0, 0.99)]
    [InlineData(1.01, 1.01, 0, 0)]
    [InlineData(10, 0, 10, 0)]
    // Overruns below half a hundredth round to no warning, as oslo's round(x, 2).
    [InlineData(1, 1.004, 0, 0)]
    public void IdleFor_OsloVectors_GiveSleepAndOverrun(double interval, double elapsed, double idle, double overrun)
    {
        (TimeSpan actualIdle, TimeSpan actualOverrun) = FixedIntervalPolicy.IdleFor(TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(elapsed));

        Assert.Equal(idle, actualIdle.TotalSeconds, 6);
        Assert.Equal(overrun, actualOverrun.TotalSeconds, 6);
    }

    [Fact]
    public void NextStart_OnTime_IsOneIntervalAfterTheIntendedStart()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), FixedIntervalPolicy.NextStart(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12)));
    }

    [Theory]
    // Overdue: the latest grid point at or before now runs at once; earlier missed points are dropped, not queued.
    [InlineData(10, 10, 35, 30)]
    [InlineData(10, 10, 20, 20)]
    [InlineData(10, 10, 29.9, 20)]
    public void NextStart_Overdue_IsTheLatestGridPointAndKeepsThePhase(double intended, double interval, double now, double expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), FixedIntervalPolicy.NextStart(TimeSpan.FromSeconds(intended), TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(now)));
    }
}
