using Oslo.Service.Systemd;

using Xunit;

namespace Oslo.Service.Tests.Systemd;

public sealed class SystemdNotifierTests
{
    [Fact]
    public async Task Notify_PathSocket_SendsExactWireStrings()
    {
        using var listener = NotifySocketListener.BindPath();
        var notifier = new SystemdNotifier(listener.NotifySocket);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.NotifyReady("Running 1 service(s)"));
        Assert.Equal("READY=1\nSTATUS=Running 1 service(s)", await listener.ReceiveAsync());
        Assert.True(notifier.NotifyStopping());
        Assert.Equal("STOPPING=1", await listener.ReceiveAsync());
        Assert.True(notifier.NotifyWatchdog());
        Assert.Equal("WATCHDOG=1", await listener.ReceiveAsync());
        Assert.True(notifier.NotifyStatus("two\nlines"));
        Assert.Equal("STATUS=two lines", await listener.ReceiveAsync());
    }

    [Fact]
    public async Task Notify_AbstractSocket_SendsToAbstractNamespace()
    {
        using var listener = NotifySocketListener.BindAbstract();
        var notifier = new SystemdNotifier(listener.NotifySocket);

        Assert.True(notifier.NotifyReady());
        Assert.Equal("READY=1", await listener.ReceiveAsync());
    }

    [Fact]
    public async Task NotifyReloading_CarriesMonotonicUsecOfClockMonotonic()
    {
        using var listener = NotifySocketListener.BindPath();
        var notifier = new SystemdNotifier(listener.NotifySocket);
        long before = ReadProcUptimeMicroseconds();

        Assert.True(notifier.NotifyReloading());
        string message = await listener.ReceiveAsync();

        string[] lines = message.Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
        long usec = long.Parse(lines[1]["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        // CLOCK_MONOTONIC counts from boot like /proc/uptime (minus suspend); both agree within a few seconds here.
        Assert.InRange(usec, before - 5_000_000, before + 5_000_000);
    }

    [Fact]
    public void Notify_NoSocket_IsSilentNoOp()
    {
        var notifier = new SystemdNotifier(null);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.NotifyReady());
    }

    [Fact]
    public void Notify_NobodyListening_ReturnsFalseWithoutThrowing()
    {
        var notifier = new SystemdNotifier(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock"));

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.NotifyReady());
    }

    [Fact]
    public async Task FromEnvironment_RemovesNotifySocketForChildren()
    {
        using var listener = NotifySocketListener.BindPath();
        Environment.SetEnvironmentVariable(SystemdNotifier.NotifySocketVariable, listener.NotifySocket);
        try
        {
            SystemdNotifier notifier = SystemdNotifier.FromEnvironment();

            Assert.Null(Environment.GetEnvironmentVariable(SystemdNotifier.NotifySocketVariable));
            Assert.Equal(listener.NotifySocket, notifier.NotifySocket);
            Assert.True(notifier.NotifyReady());
            Assert.Equal("READY=1", await listener.ReceiveAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable(SystemdNotifier.NotifySocketVariable, null);
        }
    }

    [Fact]
    public void NotifyMessages_WireStrings()
    {
        Assert.Equal("READY=1", NotifyMessages.Ready());
        Assert.Equal("STOPPING=1\nSTATUS=bye", NotifyMessages.Stopping("bye"));
        Assert.Equal("RELOADING=1\nMONOTONIC_USEC=123\nSTATUS=x", NotifyMessages.Reloading(123, "x"));
        Assert.Equal("WATCHDOG=1", NotifyMessages.Watchdog);
    }

    private static long ReadProcUptimeMicroseconds()
    {
        string uptime = File.ReadAllText("/proc/uptime").Split(' ')[0];
        return (long)(double.Parse(uptime, System.Globalization.CultureInfo.InvariantCulture) * 1_000_000);
    }
}
