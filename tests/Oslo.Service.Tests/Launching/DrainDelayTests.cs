using System.Collections.Concurrent;
using System.Runtime.InteropServices;

using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.Tests.Launching;

/// <summary>
/// The two-phase drain of the launcher's loop (<c>drain_delay</c>) and systemd's <c>EXTEND_TIMEOUT_USEC</c>, on a
/// fake clock and a real notify socket. "Not yet" is proven without sleeping: a SIGHUP sent after the clock moved is
/// logged as ignored by the same loop, so once that line is there every earlier timer event has been handled.
/// </summary>
public sealed class DrainDelayTests
{
    private static readonly TimeSpan s_deadline = LauncherHarness.Deadline;

    [Fact]
    public async Task Sigterm_WithDrainDelay_NotReadyAtOnce_StopOnlyOnceTheDelayHasPassed()
    {
        using var h = new LauncherHarness();
        h.Config.DrainDelay = TimeSpan.FromSeconds(2);
        (ServiceLauncher launcher, DrainableService service, Task<int> wait) = await StartAsync(h);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await service.DrainBegun.Task.WaitAsync(s_deadline);
        await LoopHasCaughtUpAsync(h, 1);
        h.Time.Advance(TimeSpan.FromMilliseconds(1999));
        await LoopHasCaughtUpAsync(h, 2);
        Assert.False(service.Inner.StopCalled.Task.IsCompleted, "stopped before drain_delay passed");

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await service.Inner.StopCalled.Task.WaitAsync(s_deadline);

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.Equal(["s.start", "s.drain", "s.stop(graceful)", "s.wait"], h.Journal);
        Assert.Contains(h.Logs.Messages, m => m.StartsWith("Draining: readiness reports 503", StringComparison.Ordinal));
        await launcher.DisposeAsync();
    }

    [Fact]
    public async Task Sigterm_WithDrainDelay_GracefulTimeoutCountsFromTheEndOfTheDelay()
    {
        using var h = new LauncherHarness();
        h.Config.DrainDelay = TimeSpan.FromSeconds(2);
        h.Config.GracefulShutdownTimeout = TimeSpan.FromSeconds(10);
        (_, DrainableService service, Task<int> wait) = await StartAsync(h);
        service.Inner.StopGate = new TaskCompletionSource();

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await service.DrainBegun.Task.WaitAsync(s_deadline);
        await LoopHasCaughtUpAsync(h, 1);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await service.Inner.StopCalled.Task.WaitAsync(s_deadline);
        h.Time.Advance(TimeSpan.FromMilliseconds(9999));
        await LoopHasCaughtUpAsync(h, 2);
        Assert.False(h.ExitedAtOnce.Task.IsCompleted, "the graceful timeout counted the drain delay");

        h.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        Assert.Equal(1, await wait.WaitAsync(s_deadline));
    }

    [Fact]
    public async Task Sigterm_WithDrainDelayButNoDrainableService_StopsAtOnce()
    {
        using var h = new LauncherHarness();
        h.Config.DrainDelay = TimeSpan.FromSeconds(30);
        ServiceLauncher launcher = h.Create();
        RecordingService plain = h.Service("p");
        Task<int> wait = await LauncherHarness.RunAsync(launcher, plain);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);

        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.DoesNotContain(h.Logs.Messages, m => m.StartsWith("Draining", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondSigterm_DuringTheDrainDelay_ExitsOneAtOnce()
    {
        using var h = new LauncherHarness();
        h.Config.DrainDelay = TimeSpan.FromSeconds(30);
        (_, DrainableService service, Task<int> wait) = await StartAsync(h);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await service.DrainBegun.Task.WaitAsync(s_deadline);
        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);

        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        Assert.Equal(1, await wait.WaitAsync(s_deadline));
        Assert.False(service.Inner.StopCalled.Task.IsCompleted);
    }

    [Fact]
    public async Task GracefulStop_SystemdGetsExtendTimeoutEveryFiveSeconds_UntilTheStopsOwnDeadline()
    {
        using var h = new LauncherHarness();
        h.Config.DrainDelay = TimeSpan.FromSeconds(2);
        h.Config.GracefulShutdownTimeout = TimeSpan.FromSeconds(10);
        (_, DrainableService service, Task<int> wait) = await StartAsync(h);
        service.Inner.StopGate = new TaskCompletionSource();
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("READY=1", StringComparison.Ordinal));

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("STOPPING=1", StringComparison.Ordinal));
        // The stop's own deadline is 2 + 10 s after SIGTERM: extensions at 5 and 10 s, none at 15 s.
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("EXTEND_TIMEOUT_USEC=15000000", await h.Notify.ReceiveAsync());
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("EXTEND_TIMEOUT_USEC=15000000", await h.Notify.ReceiveAsync());
        service.Inner.StopGate.SetResult();
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
        Assert.False(h.Notify.HasPending);
    }

    [Fact]
    public async Task StuckGracefulStop_PastItsOwnDeadline_NoMoreExtensions()
    {
        using var h = new LauncherHarness();
        h.Config.GracefulShutdownTimeout = TimeSpan.FromSeconds(60);
        (_, DrainableService service, _) = await StartAsync(h);
        service.Inner.StopGate = new TaskCompletionSource();

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        await h.Notify.ReceiveUntilAsync(m => m.StartsWith("STOPPING=1", StringComparison.Ordinal));
        for (int i = 0; i < 11; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal("EXTEND_TIMEOUT_USEC=15000000", await h.Notify.ReceiveAsync());
        }

        // 60 s: the graceful deadline ends the loop; the timer is gone with it, and nothing more is sent.
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await h.ExitedAtOnce.Task.WaitAsync(s_deadline));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(h.Notify.HasPending);
    }

    [Fact]
    public async Task LongStart_ExtendedWhileWithinItsLimit_ThenNot()
    {
        using var h = new LauncherHarness();
        h.Config.StartExtensionLimit = TimeSpan.FromSeconds(12);
        ServiceLauncher launcher = h.Create();
        var slow = new SlowStartService();
        launcher.LaunchService(slow);
        Task<int> wait = launcher.WaitAsync();
        await slow.Started.Task.WaitAsync(s_deadline);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("EXTEND_TIMEOUT_USEC=15000000", await h.Notify.ReceiveAsync());
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("EXTEND_TIMEOUT_USEC=15000000", await h.Notify.ReceiveAsync());
        h.Time.Advance(TimeSpan.FromSeconds(5));
        slow.Release.SetResult();
        // 15 s is past the 12 s limit: the next datagram is READY=1, no extension before it.
        Assert.StartsWith("READY=1", await h.Notify.ReceiveAsync(), StringComparison.Ordinal);

        await h.Signals.RaiseAsync(PosixSignal.SIGTERM);
        Assert.Equal(0, await wait.WaitAsync(s_deadline));
    }

    private static async Task<(ServiceLauncher, DrainableService, Task<int>)> StartAsync(LauncherHarness h)
    {
        ServiceLauncher launcher = h.Create();
        var service = new DrainableService(h.Service("s"), h.Journal);
        Task<int> wait = await LauncherHarness.RunAsync(launcher, service);
        return (launcher, service, wait);
    }

    /// <summary>Sends a SIGHUP and waits until the loop has logged it as ignored (the <paramref name="nth"/> time).</summary>
    private static async Task LoopHasCaughtUpAsync(LauncherHarness h, int nth)
    {
        await h.Signals.RaiseAsync(PosixSignal.SIGHUP);
        using var timeout = new CancellationTokenSource(s_deadline);
        while (h.Logs.Messages.Count(m => m == "Caught SIGHUP while stopping; ignored") < nth)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A recording service that also takes part in the drain.</summary>
    private sealed class DrainableService(RecordingService inner, ConcurrentQueue<string> journal) : ServiceBase, IDrainableService
    {
        public RecordingService Inner => inner;

        public TaskCompletionSource DrainBegun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool BeginDrain()
        {
            journal.Enqueue("s.drain");
            DrainBegun.TrySetResult();
            return true;
        }

        public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) => inner.StopAsync(graceful, cancellationToken);

        public override Task WaitAsync(CancellationToken cancellationToken = default) => inner.WaitAsync(cancellationToken);

        public override Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);
    }

    private sealed class SlowStartService : ServiceBase
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task StartAsync(CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }

        public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task WaitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
