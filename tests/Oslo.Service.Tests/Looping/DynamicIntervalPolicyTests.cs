using Oslo.Service.Looping;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class DynamicIntervalPolicyTests
{
    [Fact]
    public void IdleFor_ValueAboveMax_IsCapped() =>
        Assert.Equal(TimeSpan.FromSeconds(5), DynamicIntervalPolicy.IdleFor(TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(5)));

    [Fact]
    public void IdleFor_ValueBelowMax_IsKept() =>
        Assert.Equal(TimeSpan.FromSeconds(1), DynamicIntervalPolicy.IdleFor(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));

    [Fact]
    public void IdleFor_NoValue_IsTheMax() =>
        Assert.Equal(TimeSpan.FromSeconds(5), DynamicIntervalPolicy.IdleFor(null, TimeSpan.FromSeconds(5)));

    [Fact]
    public void IdleFor_ValueWithoutMax_IsTheValue() =>
        Assert.Equal(TimeSpan.FromSeconds(42), DynamicIntervalPolicy.IdleFor(TimeSpan.FromSeconds(42), null));

    [Fact]
    public void IdleFor_NeitherValueNorMax_ThrowsOslosError()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => DynamicIntervalPolicy.IdleFor(null, null));
        Assert.Equal("A dynamic interval looping call should supply either an interval or periodic_interval_max", ex.Message);
    }
}
