using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Coordination.Leadership;

namespace Oslo.Service.Coordination.Tests;

public sealed class LeaderTermTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public void IsValid_WithinNinetyPercentOfTtlFromTheSend_True()
    {
        var clock = new FakeTimeProvider();
        long sent = clock.GetTimestamp();
        var term = new LeaderTerm("e", 7, LeaseTiming.ValidUntil(sent, s_ttl, clock.TimestampFrequency), clock);
        clock.Advance(TimeSpan.FromSeconds(8.9));
        Assert.True(term.IsValid);
        term.EnsureValid();
    }

    [Fact]
    public void IsValid_PausedPastTheSafeShare_FalseAndEnsureValidThrows()
    {
        var clock = new FakeTimeProvider();
        var term = new LeaderTerm("e", 7, LeaseTiming.ValidUntil(clock.GetTimestamp(), s_ttl, clock.TimestampFrequency), clock);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(term.IsValid);
        Assert.Equal(TimeSpan.Zero, term.Remaining);
        Assert.Equal(7, Assert.Throws<LeadershipLostException>(term.EnsureValid).FencingToken);
    }

    [Fact]
    public void LeaseTiming_Ttl3s_RenewEverySecondPollEveryHalfSecond()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), LeaseTiming.RenewInterval(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(0.5), LeaseTiming.PollInterval(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromMilliseconds(100), LeaseTiming.PollInterval(TimeSpan.FromSeconds(0.3)));
    }
}
