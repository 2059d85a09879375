using System.Diagnostics;

using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests;

/// <summary>The single-process signal matrix, with the test host as a daemon (its own session) and real signals.</summary>
public sealed class SignalTests
{
    [Fact]
    public async Task Sigterm_StopsGracefullyAndExitsZero()
    {
        using var config = new TempConfig("hello");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args);
        await host.WaitForLineAsync("svc started greeting=hello");

        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("Caught SIGTERM, stopping services gracefully");
        await host.WaitForLineAsync("svc stopping graceful=True");
        await host.WaitForLineAsync("svc stopped");
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task Sigterm_StopFinishingWithinTheTimeout_IsAwaitedAndExitsZero()
    {
        using var config = new TempConfig("hello", gracefulShutdownTimeout: 30);
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_STOP_DELAY_MS"] = "1000" });
        await host.WaitForLineAsync("svc started");

        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("svc stopped");
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.DoesNotContain("instantaneous exiting", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopOutlivingTheTimeout_ExitsOneWithOsloLine()
    {
        using var config = new TempConfig("hello", gracefulShutdownTimeout: 1);
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_STOP_DELAY_MS"] = "60000" });
        await host.WaitForLineAsync("svc started");

        var clock = Stopwatch.StartNew();
        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("Graceful shutdown timeout exceeded, instantaneous exiting");
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.DoesNotContain("svc stopped", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondSigterm_DuringTheGracefulStop_ExitsOneAtOnce()
    {
        using var config = new TempConfig("hello", gracefulShutdownTimeout: 0);
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_STOP_DELAY_MS"] = "60000" });
        await host.WaitForLineAsync("svc started");
        host.Signal(Posix.SigTerm);
        await host.WaitForLineAsync("svc stopping");

        host.Signal(Posix.SigTerm);

        await host.WaitForLineAsync("Caught SIGTERM again during the graceful stop, instantaneous exiting");
        Assert.Equal(1, await host.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Sigint_ExitsOneAtOnceWithoutStopping()
    {
        using var config = new TempConfig("hello");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args);
        await host.WaitForLineAsync("svc started");

        host.Signal(Posix.SigInt);

        await host.WaitForLineAsync("Caught SIGINT signal, instantaneous exiting");
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.DoesNotContain("svc stopping", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InheritedIgnoredSignals_AreStillHandled()
    {
        // What a background job of a non-interactive shell (SIGINT ignored) or nohup (SIGHUP ignored) inherits.
        using var config = new TempConfig("one");
        await using TestHostProcess host = await TestHostProcess.StartDaemonWithIgnoredSignalsAsync("INT HUP TERM", config.Args);
        await host.WaitForLineAsync("svc started greeting=one");
        config.Write("two");

        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync("svc started greeting=two");
        host.Signal(Posix.SigInt);

        await host.WaitForLineAsync("Caught SIGINT signal, instantaneous exiting");
        Assert.Equal(1, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task FailingStart_StopsAndExitsOne()
    {
        using var config = new TempConfig("hello");
        await using TestHostProcess host = await TestHostProcess.StartDaemonAsync(config.Args, new Dictionary<string, string?> { ["TESTHOST_FAIL_START"] = "1" });

        await host.WaitForLineAsync("Error starting thread.");
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.Contains("testhost exit status=1", host.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sighup_InATerminalsForeground_StopsGracefullyAndExitsZero()
    {
        using var config = new TempConfig("hello");
        await using TestHostProcess host = await TestHostProcess.StartInTerminalForegroundAsync(config.Args);
        await host.WaitForLineAsync("svc started");

        host.Signal(Posix.SigHup);

        await host.WaitForLineAsync("Caught SIGHUP in a terminal's foreground, handling it as termination");
        await host.WaitForLineAsync("svc stopping graceful=True");
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.DoesNotContain("reset", host.Transcript, StringComparison.Ordinal);
    }
}
