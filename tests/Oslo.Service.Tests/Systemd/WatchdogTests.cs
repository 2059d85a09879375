using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Systemd;

using Xunit;

namespace Oslo.Service.Tests.Systemd;

public sealed class WatchdogTests
{
    [Theory]
    [InlineData("10000000", null, 5000)]
    [InlineData("10000000", "42", 5000)]
    [InlineData("3", null, 0.001)]
    public void GetPingInterval_ForUs_IsHalfOfWatchdogUsec(string usec, string? pid, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), WatchdogSettings.GetPingInterval(usec, pid, ownPid: 42));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("abc", null)]
    [InlineData("10000000", "43")]
    [InlineData("10000000", "x")]
    public void GetPingInterval_OffOrForAnotherProcess_IsNull(string? usec, string? pid)
    {
        Assert.Null(WatchdogSettings.GetPingInterval(usec, pid, ownPid: 42));
    }

    [Fact]
    public void SystemdWatchdog_FiresEveryInterval_OnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        int due = 0;
        using var watchdog = new SystemdWatchdog(time, TimeSpan.FromSeconds(5), () => Interlocked.Increment(ref due));

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, due);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, due);
        time.Advance(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, due);
    }

    [Fact]
    public void SystemdWatchdog_Disposed_StopsFiring()
    {
        var time = new FakeTimeProvider();
        int due = 0;
        var watchdog = new SystemdWatchdog(time, TimeSpan.FromSeconds(1), () => Interlocked.Increment(ref due));
        watchdog.Dispose();

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, due);
    }
}
