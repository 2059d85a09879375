using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests;

/// <summary>systemd's notify protocol, received on a datagram socket the test binds and names in NOTIFY_SOCKET.</summary>
public sealed class SystemdTests
{
    [Fact]
    public async Task Notifications_ReadyReloadingStopping_InOrder()
    {
        using var config = new TempConfig("one");
        using var notify = new NotifySocketListener();
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = notify.NotifySocket,
            ["TESTHOST_SPAWN_CHILD"] = "1",
        });

        Assert.Equal("READY=1\nSTATUS=Running 1 service(s)", await notify.ReceiveAsync());
        Assert.Contains("svc started greeting=one", host.Transcript, StringComparison.Ordinal);
        await host.WaitForLineAsync("child notify=[]");

        host.Signal(Posix.SigHup);
        string reloading = await notify.ReceiveAsync();
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+\nSTATUS=Reloading configuration$", reloading);
        Assert.Equal("READY=1\nSTATUS=Reloaded", await notify.ReceiveAsync());

        host.Signal(Posix.SigTerm);
        Assert.Equal("STOPPING=1\nSTATUS=Stopping (SIGTERM)", await notify.ReceiveAsync());
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task Watchdog_PingsAtHalfTheInterval()
    {
        using var config = new TempConfig("one");
        using var notify = new NotifySocketListener();
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = notify.NotifySocket,
            ["WATCHDOG_USEC"] = "400000",
        });

        await notify.ReceiveUntilAsync("WATCHDOG=1");
        Assert.Equal("WATCHDOG=1", (await notify.ReceiveUntilAsync("WATCHDOG=1"))[^1]);
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task Watchdog_MeantForAnotherPid_IsNotSent()
    {
        using var config = new TempConfig("one");
        using var notify = new NotifySocketListener();
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = notify.NotifySocket,
            ["WATCHDOG_USEC"] = "100000",
            ["WATCHDOG_PID"] = "1",
        });
        Assert.StartsWith("READY=1", await notify.ReceiveAsync(), StringComparison.Ordinal);

        // Ten watchdog intervals pass without any message.
        await Assert.ThrowsAsync<TimeoutException>(() => notify.ReceiveAsync(TimeSpan.FromSeconds(1)));
        host.Signal(Posix.SigTerm);
        Assert.StartsWith("STOPPING=1", await notify.ReceiveAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WaitForExitAsync());
    }
}
