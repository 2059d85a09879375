using Oslo.Service.Periodic;

using Xunit;

namespace Oslo.Service.Tests.Periodic;

public class PeriodicScheduleTests
{
    [Theory]
    // oslo's test_nearest_boundary vectors: (now, last, spacing, random) → new last run.
    [InlineData(19, 10, 7, 0.0, 17)]
    [InlineData(28, 13, 7, 0.0, 27)]
    [InlineData(1841, 781, 88, 0.0, 1837)]
    [InlineData(1300, 1000, 200, 1.0, 1210)]
    [InlineData(1300, 1000, 200, 0.5, 1205)]
    // Below 20 s the jitter truncates to nothing.
    [InlineData(19, 10, 7, 0.99, 17)]
    public void NearestBoundary_OsloVectors(double now, double last, double spacing, double random, double expected) =>
        Assert.Equal(
            TimeSpan.FromSeconds(expected),
            PeriodicSchedule.NearestBoundary(TimeSpan.FromSeconds(last), TimeSpan.FromSeconds(spacing), TimeSpan.FromSeconds(now), random));

    [Fact]
    public void NearestBoundary_NeverRun_IsNow() =>
        Assert.Equal(TimeSpan.FromSeconds(5), PeriodicSchedule.NearestBoundary(null, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(5), 0.9));

    [Fact]
    public void DueIn_IsLastPlusSpacingMinusNow() =>
        Assert.Equal(TimeSpan.FromSeconds(3), PeriodicSchedule.DueIn(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12)));

    [Fact]
    public void EffectiveSpacing_Zero_IsTheDefaultInterval() =>
        Assert.Equal(PeriodicTasks.DefaultInterval, PeriodicSchedule.EffectiveSpacing(TimeSpan.Zero, PeriodicTasks.DefaultInterval));
}
