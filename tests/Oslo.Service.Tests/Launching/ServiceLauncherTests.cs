using System.Runtime.InteropServices;

using Oslo.Service.Launching;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Launching;

public sealed class ServiceLauncherTests
{
    private static readonly TimeSpan s_deadline = LauncherHarness.Deadline;

    [Fact]
    public async Task WaitAsync_Sigterm_StopsInReverseOrderGracefullyAndReturnsZero()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"), h.Service("b"));

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.Equal(2, h.Journal.Count(e => e.EndsWith(".start", StringComparison.Ordinal)));
        Assert.Equal(["b.stop(graceful)", "a.stop(graceful)", "a.wait", "b.wait"], h.Journal.Where(e => !e.EndsWith(".start", StringComparison.Ordinal)));
        Assert.Contains(h.Logs.Messages, m => m.StartsWith("Caught SIGTERM, stopping services gracefully", StringComparison.Ordinal));
        Assert.True(h.Signals.Disposed);
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_Signals_AreTermIntHup()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        launcher.LaunchService(h.Service("a"));
        Task<int> wait = launcher.WaitAsync();
        await h.Signals.Subscribed.WaitAsync(s_deadline);

        Assert.Equal([PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP], h.Signals.Signals);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await wait.WaitAsync(s_deadline);
    }

    [Fact]
    public async Task WaitAsync_Sigint_ExitsOneAtOnceWithoutStopping()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        RecordingService a = h.Service("a");
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);

        await h.Signals.RaiseAsync(PosixSignal.SIGINT);

        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        Assert.Equal(1, await wait.WaitAsync(s_deadline));
        Assert.False(a.StopCalled.Task.IsCompleted);
        Assert.Contains("Caught SIGINT signal, instantaneous exiting", h.Logs.Messages);
    }

    [Fact]
    public async Task WaitAsync_StopOutlivesGracefulTimeout_ExitsOneWithOsloMessage()
    {
        using var h = new LauncherHarness();
        h.Config.GracefulShutdownTimeout = TimeSpan.FromSeconds(60);
        ServiceLauncher launcher = h.Create();
        RecordingService a = h.Service("a");
        a.StopGate = new TaskCompletionSource();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await a.StopCalled.Task.WaitAsync(s_deadline);
        h.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        Assert.Equal(1, await wait.WaitAsync(s_deadline));
        Assert.Contains("Graceful shutdown timeout exceeded, instantaneous exiting", h.Logs.Messages);
    }

    [Fact]
    public async Task WaitAsync_GracefulTimeoutZero_WaitsForever()
    {
        using var h = new LauncherHarness();
        h.Config.GracefulShutdownTimeout = TimeSpan.Zero;
        ServiceLauncher launcher = h.Create();
        RecordingService a = h.Service("a");
        a.StopGate = new TaskCompletionSource();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await a.StopCalled.Task.WaitAsync(s_deadline);
        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
        a.StopGate.SetResult();

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_SecondSigtermDuringStop_ExitsOneAtOnce()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        RecordingService a = h.Service("a");
        a.StopGate = new TaskCompletionSource();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await a.StopCalled.Task.WaitAsync(s_deadline);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);

        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        Assert.Equal(1, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_SighupDaemonReload_ReloadsConfigStopsResetsStarts()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create(RestartMethod.Reload);
        RecordingService a = h.Service("a");
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);
        Assert.StartsWith("READY=1", await h.Notify.ReceiveAsync(), StringComparison.Ordinal);

        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);

        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", await h.Notify.ReceiveAsync(), StringComparison.Ordinal);
        Assert.StartsWith("READY=1", await h.Notify.ReceiveAsync(), StringComparison.Ordinal);
        Assert.Equal(1, h.Config.Reloads);
        Assert.Equal(0, h.Config.Mutates);
        Assert.Equal(["a.start", "a.stop(graceful)", "a.wait", "a.reset", "a.start"], h.Journal);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_SighupDaemonMutate_MutatesConfigAndOnlyResets()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create(RestartMethod.Mutate);
        RecordingService a = h.Service("a");
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);
        Assert.Equal(0, h.Config.Mutates);

        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        await a.ResetCalled.Task.WaitAsync(s_deadline);
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("READY=1", StringComparison.Ordinal) && m.Contains("Reloaded", StringComparison.Ordinal));

        Assert.Equal(1, h.Config.Mutates);
        Assert.Equal(0, h.Config.Reloads);
        Assert.Equal(["a.start", "a.reset"], h.Journal);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_SighupWithBrokenConfig_KeepsServicesRunning()
    {
        using var h = new LauncherHarness();
        h.Config.Broken = true;
        ServiceLauncher launcher = h.Create(RestartMethod.Reload);
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        List<string> messages = await h.Notify.ReceiveUntilAsync(m => m.StartsWith("READY=1\nSTATUS=Reload failed", StringComparison.Ordinal));

        Assert.Equal(1, h.Config.Reloads);
        Assert.Equal(["a.start"], h.Journal);
        Assert.Contains(h.Logs.Entries, e => e.EventName == "ConfigReloadFailed");
        Assert.False(wait.IsCompleted);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_SighupBurstDuringReload_QueuesExactlyOneMoreReload()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create(RestartMethod.Mutate);
        RecordingService a = h.Service("a");
        a.ResetGate = new TaskCompletionSource();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, a);

        Task firstReset = a.ResetCalled.Task;
        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        await firstReset.WaitAsync(s_deadline);
        Task secondReset = a.ResetCalled.Task;
        for (int i = 0; i < 5; i++)
        {
            await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        }

        a.ResetGate.SetResult();
        await secondReset.WaitAsync(s_deadline);
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("READY=1\nSTATUS=Reloaded", StringComparison.Ordinal));
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("READY=1\nSTATUS=Reloaded", StringComparison.Ordinal));
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));

        Assert.Equal(2, h.Config.Mutates);
        Assert.Equal(2, h.Journal.Count(e => e == "a.reset"));
    }

    [Fact]
    public async Task WaitAsync_SighupInTerminalForeground_StopsGracefully()
    {
        using var h = new LauncherHarness { Daemon = false };
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.Equal(0, h.Config.Reloads);
        Assert.Equal(["a.start", "a.stop(graceful)", "a.wait"], h.Journal);
    }

    [Fact]
    public async Task WaitAsync_FailingStart_StopsEverythingAndReturnsOne()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        RecordingService good = h.Service("good");
        RecordingService bad = h.Service("bad");
        bad.FailStart = new InvalidOperationException("boom");
        launcher.LaunchService(good);
        launcher.LaunchService(bad);

        Assert.Equal(1, await launcher.WaitAsync().WaitAsync(s_deadline));
        Assert.True(good.StopCalled.Task.IsCompleted);
        Assert.Contains(h.Logs.Entries, e => e.EventName == "ServiceStartFailed" && e.Message.StartsWith("Error starting thread.", StringComparison.Ordinal));
        await Assert.ThrowsAsync<InvalidOperationException>(() => launcher.Ready);
        Assert.False(h.Notify.HasPending && (await h.Notify.ReceiveAsync()).StartsWith("READY=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitAsync_Systemd_ReadyAfterAllStartedThenStoppingOnSigterm()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        launcher.LaunchService(h.Service("a"));
        launcher.LaunchService(h.Service("b"));
        Task<int> wait = launcher.WaitAsync();

        Assert.Equal("READY=1\nSTATUS=Running 2 service(s)", await h.Notify.ReceiveAsync());
        Assert.Equal(2, h.Journal.Count(e => e.EndsWith(".start", StringComparison.Ordinal)));
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal("STOPPING=1\nSTATUS=Stopping (SIGTERM)", await h.Notify.ReceiveAsync());
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_Watchdog_PingsEveryIntervalWhileTheLoopRuns()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create(watchdog: TimeSpan.FromSeconds(5));
        launcher.LaunchService(h.Service("a"));
        Task<int> wait = launcher.WaitAsync();
        Assert.StartsWith("READY=1", await h.Notify.ReceiveAsync(), StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("WATCHDOG=1", await h.Notify.ReceiveAsync());
        h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(h.Notify.HasPending);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("WATCHDOG=1", await h.Notify.ReceiveAsync());

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task WaitAsync_LogOptions_LogsFullConfigOnStart()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        Assert.Equal(1, h.Config.ValueLogs);
        Assert.Contains("Full set of CONF:", h.Logs.Messages);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await wait.WaitAsync(s_deadline);
    }

    [Fact]
    public async Task WaitAsync_LogOptionsOff_LogsNothing()
    {
        using var h = new LauncherHarness();
        h.Config.LogOptions = false;
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        Assert.Equal(0, h.Config.ValueLogs);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await wait.WaitAsync(s_deadline);
    }

    [Fact]
    public async Task StopAsync_WhileWaiting_StopsThroughTheLoop()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        await launcher.StopAsync().WaitAsync(s_deadline);

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.Equal(["a.start", "a.stop(graceful)", "a.wait"], h.Journal);
    }

    [Fact]
    public async Task RequestStop_WithAStatus_StopsGracefullyAndReturnsIt()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        Task<int> wait = await LauncherHarness.RunAsync(launcher, h.Service("a"));

        launcher.RequestStop("parent died", 1);

        Assert.Equal(1, await wait.WaitAsync(s_deadline));
        Assert.Equal(["a.start", "a.stop(graceful)", "a.wait"], h.Journal);
        Assert.Equal("STOPPING=1\nSTATUS=Stopping (parent died)", (await h.Notify.ReceiveUntilAsync(m => m.StartsWith("STOPPING=1", StringComparison.Ordinal)))[^1]);
    }

    [Fact]
    public async Task WaitAsync_Twice_Throws()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        launcher.LaunchService(h.Service("a"));
        Task<int> wait = launcher.WaitAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => launcher.WaitAsync());
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await wait.WaitAsync(s_deadline);
    }

    [Fact]
    public async Task RestartAsync_Mutate_CallsMutateHookOnlyWhenRestarted()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create(RestartMethod.Mutate);
        launcher.LaunchService(h.Service("a"));
        Assert.Equal(0, h.Config.Mutates);

        Assert.True(await launcher.RestartAsync().WaitAsync(s_deadline));

        Assert.Equal(1, h.Config.Mutates);
        Assert.Contains("a.reset", h.Journal);
    }

    [Fact]
    public async Task WaitAsync_AfterStopAsync_ReturnsZeroInsteadOfHanging()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        launcher.LaunchService(h.Service("a"));
        await Eventually.TrueAsync(() => h.Journal.Contains("a.start"), "a started");

        await launcher.StopAsync().WaitAsync(s_deadline);

        Assert.Equal(0, await launcher.WaitAsync().WaitAsync(s_deadline));
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_AfterStopAsyncBeforeTheStartRan_ReturnsZeroInsteadOfHanging()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();
        launcher.LaunchService(h.Service("a"));

        await launcher.StopAsync().WaitAsync(s_deadline);

        Assert.Equal(0, await launcher.WaitAsync().WaitAsync(s_deadline));
    }
}
