namespace Oslo.Service.Coordination.Tests;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(10, 10000)]
    public void Next_Failures_DoublesUpToMax(int failures, double expectedMs) =>
        Assert.Equal(expectedMs, RetryDelay.Next(failures, TimeSpan.FromSeconds(10), random: 1).TotalMilliseconds, 3);

    [Fact]
    public void Next_RandomZero_EightyPercent() =>
        Assert.Equal(400, RetryDelay.Next(1, TimeSpan.FromSeconds(10), random: 0).TotalMilliseconds, 3);
}
