using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests;

/// <summary>SIGHUP in a daemon: reload and mutate with real config files and real signals.</summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task Sighup_Reload_RereadsTheFilesStopsResetsAndStartsAgain()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args);
        await host.WaitForLineAsync("svc started greeting=one");
        config.Write("two");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("Caught SIGHUP, handling: restart method reload");
        await host.WaitForLineAsync("svc stopping graceful=True");
        await host.WaitForLineAsync("svc reset begin greeting=two");
        await host.WaitForLineAsync("svc started greeting=two");
        await host.WaitForLineAsync("Reload completed");
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task Sighup_Mutate_ResetsInPlaceWithTheNewMutableValue()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_RESTART"] = "mutate" });
        await host.WaitForLineAsync("svc started greeting=one");
        config.Write("two");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("svc reset done greeting=two");
        await host.WaitForLineAsync("Reload completed (restart method mutate)");
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Single(host.Transcript.Split('\n'), l => l.StartsWith("svc started", StringComparison.Ordinal));
        Assert.Single(host.Transcript.Split('\n'), l => l.StartsWith("svc stopping", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("reload")]
    [InlineData("mutate")]
    public async Task Sighup_BrokenConfigFile_IsLoggedAndTheServiceKeepsItsOldValues(string restartMethod)
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_RESTART"] = restartMethod });
        await host.WaitForLineAsync("svc started greeting=one");
        config.Break();

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("services keep running with the previous values");
        config.Write("three");
        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync(restartMethod == "reload" ? "svc started greeting=three" : "svc reset done greeting=three");
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.DoesNotContain("greeting=None", host.Transcript, StringComparison.Ordinal);
        Assert.Equal(restartMethod == "reload" ? 2 : 1, host.Transcript.Split('\n').Count(l => l.StartsWith("svc stopping", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SighupBurst_DuringAReload_QueuesExactlyOneMoreReload()
    {
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?>
        {
            ["TESTHOST_RESTART"] = "mutate",
            ["TESTHOST_RESET_DELAY_MS"] = "1500",
        });
        await host.WaitForLineAsync("svc started");
        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync("svc reset begin");

        for (int i = 0; i < 5; i++)
        {
            host.Signal(Posix.SigHup);
        }

        await host.WaitForLineAsync("svc reset done");
        await host.WaitForLineAsync("svc reset done");
        await host.WaitForLineAsync("Reload completed");
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Equal(2, host.Transcript.Split('\n').Count(l => l.StartsWith("svc reset begin", StringComparison.Ordinal)));
    }
}
