using System.Runtime.InteropServices;

using Oslo.Service.Interop;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Launching;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>The parent role of a ProcessLauncher over a fake spawner: its loop, its signals and its exit path.</summary>
public sealed class ProcessLauncherParentTests
{
    private static readonly SupervisionSettings s_settings = SupervisionSettings.Default with { BootTimeout = TimeSpan.Zero, ReloadSurge = 1 };

    [Fact]
    public async Task LaunchService_LogsTheWorkerCountWithTheParentPid()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        ProcessLauncher launcher = h.CreateParent(spawner, s_settings);

        launcher.LaunchService(h.Service("api"), 2);

        Assert.Contains($"Starting 2 workers (parent pid {Environment.ProcessId})", h.Logs.Messages);
        await StopAsync(h, launcher);
    }

    [Fact]
    public async Task Sigterm_DuringRollingReload_ReloadFinishesThenEveryWorkerStopsOnceAndExitZero()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        (ProcessLauncher launcher, Task<int> wait) = await h.RunParentAsync(spawner, s_settings, workers: 2);
        FakeWorker[] old = [await spawner.NextAsync(), await spawner.NextAsync()];
        spawner.AutoReady = false;

        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        FakeWorker first = await spawner.NextAsync();
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await Eventually.TrueAsync(() => h.Logs.Messages.Any(m => m.StartsWith("Caught SIGTERM", StringComparison.Ordinal)), "SIGTERM handled");
        first.Ready();
        FakeWorker second = await spawner.NextAsync();
        second.Ready();

        Assert.Equal(0, await wait.WaitAsync(Eventually.DefaultDeadline));
        Assert.All([.. old, first, second], w => Assert.Equal([SignalNumbers.SigTerm], w.Signals));
        Assert.False(h.ExitedAtOnce.Task.IsCompleted);
        Assert.Equal(4, spawner.All.Count);
    }

    [Fact]
    public async Task Sigint_PassedOnToEveryWorker_ExitOne()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        (ProcessLauncher launcher, Task<int> wait) = await h.RunParentAsync(spawner, s_settings, workers: 2);

        await h.Signals.RaiseAsync(PosixSignal.SIGINT);

        Assert.Equal(1, await wait.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal(1, await h.ExitedAtOnce.Task);
        Assert.All(spawner.All, w => Assert.Equal([SignalNumbers.SigInt], w.Signals));
        Assert.Contains("Exiting: sent signal 2 to 2 children", h.Logs.Messages);
    }

    [Fact]
    public async Task Sigint_ThenSighup_StillExitOne()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        (ProcessLauncher launcher, Task<int> wait) = await h.RunParentAsync(spawner, s_settings, workers: 1);

        await h.Signals.RaiseAsync(PosixSignal.SIGINT);
        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);

        Assert.Equal(1, await wait.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal([SignalNumbers.SigInt], spawner.All[0].Signals);
    }

    [Fact]
    public async Task GracefulTimeout_WorkersIgnoringSigterm_KilledAndExitZero()
    {
        using var h = new LauncherHarness();
        h.Config.GracefulShutdownTimeout = TimeSpan.FromSeconds(30);
        var spawner = new FakeSpawner { AutoReady = true };
        (ProcessLauncher launcher, Task<int> wait) = await h.RunParentAsync(spawner, s_settings, workers: 2);
        foreach (FakeWorker worker in spawner.All)
        {
            worker.IgnoresSigterm = true;
        }

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await Eventually.TrueAsync(() => spawner.All.All(w => w.Signals.Count == 1), "SIGTERM sent to every worker");
        h.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(0, await wait.WaitAsync(Eventually.DefaultDeadline));
        Assert.All(spawner.All, w => Assert.Equal([SignalNumbers.SigTerm, SignalNumbers.SigKill], w.Signals));
        Assert.Contains("Exiting: sent signal 9 to 2 children", h.Logs.Messages);
    }

    [Fact]
    public async Task SecondSigterm_WorkersKilled_ExitOne()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        (ProcessLauncher launcher, Task<int> wait) = await h.RunParentAsync(spawner, s_settings, workers: 1);
        spawner.All[0].IgnoresSigterm = true;

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await Eventually.TrueAsync(() => spawner.All[0].Signals.Count == 1, "SIGTERM sent");
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);

        Assert.Equal(1, await wait.WaitAsync(Eventually.DefaultDeadline));
        Assert.Equal([SignalNumbers.SigTerm, SignalNumbers.SigKill], spawner.All[0].Signals);
    }

    [Fact]
    public async Task StopAsync_BeforeWaitAsync_NoWorkerSpawned_WaitReturnsZero()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        ProcessLauncher launcher = h.CreateParent(spawner, s_settings);
        launcher.LaunchService(h.Service("api"), 2);

        await launcher.StopAsync().WaitAsync(Eventually.DefaultDeadline);

        Assert.Equal(0, await launcher.WaitAsync().WaitAsync(Eventually.DefaultDeadline));
        Assert.Empty(spawner.All);
        Assert.True(spawner.Disposed);
    }

    // Workers re-run the program, so they are spawned once it waits: a socket bound after LaunchService (for a
    // service launched next) is then bound before any worker starts, and every worker inherits it.
    [Fact]
    public async Task LaunchService_SpawnsNothingUntilWaitAsync()
    {
        using var h = new LauncherHarness();
        var spawner = new FakeSpawner { AutoReady = true };
        ProcessLauncher launcher = h.CreateParent(spawner, s_settings);
        launcher.LaunchService(h.Service("api"), 2);
        launcher.LaunchService(h.Service("rpc"), 1);
        await Task.Yield();
        Assert.Empty(spawner.All);

        Task<int> wait = launcher.WaitAsync();
        await spawner.NextAsync();
        await spawner.NextAsync();
        await spawner.NextAsync();
        Assert.Equal(3, spawner.All.Count);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(Eventually.DefaultDeadline));
    }

    private static async Task StopAsync(LauncherHarness h, ProcessLauncher launcher)
    {
        Task<int> wait = launcher.WaitAsync();
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(Eventually.DefaultDeadline));
    }
}
