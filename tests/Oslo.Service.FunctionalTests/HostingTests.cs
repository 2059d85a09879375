using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests;

/// <summary>Generic Host interop both ways, in real processes with real signals.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task BackgroundService_RunsAsAnOsloService()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_KIND"] = "hosted" });
        await host.WaitForLineAsync("background running greeting=one");

        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("background stopped");
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task HostFromAFactory_ReloadBuildsAFreshHostWithTheNewValues()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_KIND"] = "host" });
        await host.WaitForLineAsync("background running greeting=one");
        config.Write("two");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("background stopped");
        await host.WaitForLineAsync("background running greeting=two");
        host.Signal(Posix.SigTerm);
        await host.WaitForLineAsync("background stopped");
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task OsloServicesInsideAGenericHost_GetOslosSigtermAndSighup()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_KIND"] = "inside-host" });
        await host.WaitForLineAsync("inside started greeting=one");
        config.Write("two");

        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync("inside started greeting=two");
        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("inside stopping graceful=True");
        await host.WaitForLineAsync("testhost exit status=0");
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task OsloServicesInsideAGenericHost_SigintExitsOneAtOnce()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_KIND"] = "inside-host" });
        await host.WaitForLineAsync("inside started greeting=one");

        host.Signal(Posix.SigInt);

        await host.WaitForLineAsync("Caught SIGINT signal, instantaneous exiting");
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.DoesNotContain("inside stopping", host.Transcript, StringComparison.Ordinal);
    }
}
