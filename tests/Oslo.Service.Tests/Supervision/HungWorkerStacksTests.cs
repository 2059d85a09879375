using System.Collections.Concurrent;

using Oslo.Service.Interop;
using Oslo.Service.Supervision;
using Oslo.Service.Tests.Launching;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// A hung worker's stacks in the log before its SIGKILL (<see cref="HungWorkerStacks"/>): captured from half-way to
/// the heartbeat timeout, and the kill never more than <see cref="HungWorkerStacks.KillBound"/> after the decision.
/// </summary>
public sealed class HungWorkerStacksTests
{
    private readonly PoolHarness _h = new();
    private readonly FakeCapture _capture = new();

    private async Task<FakeWorker> LaunchOneAsync(string dumpDir = "")
    {
        _h.Settings = _h.Settings with { HeartbeatTimeout = TimeSpan.FromSeconds(4), HungWorkerDumpDir = dumpDir };
        var pool = new WorkerPool(new RecordingService("svc", new ConcurrentQueue<string>()), 0, 1, _h.Spawner, () => _h.Settings, [], _h.Clock, _h.Log)
        {
            StackCapture = _capture,
        };
        return (await _h.LaunchAsync(pool, 1))[0];
    }

    private void Seconds(int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    // The capture, started half-way to the heartbeat timeout, returns the stacks of a worker stuck in a busy loop.
    private async Task StacksCapturedAsync(FakeWorker worker)
    {
        await Eventually.TrueAsync(() => _capture.Started.ContainsKey(worker.Pid), "the capture started");
        _capture.Started[worker.Pid].TrySetResult("Thread 42 (0x2A):\n  BusyService.SpinInBusyLoopForever()");
    }

    // Once the decision is taken, the kill waits for the capture exactly until HungWorkerStacks.KillBound.
    private async Task KilledAtTheBoundAsync(FakeWorker worker)
    {
        await Eventually.TrueAsync(() => _h.Messages.Any(m => m.Contains("sent no heartbeat", StringComparison.Ordinal)), "the decision");
        _h.Clock.Advance(HungWorkerStacks.KillBound - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(SignalNumbers.SigKill, worker.Signals);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => worker.Signals.Contains(SignalNumbers.SigKill), "the kill at the bound");
    }

    [Fact]
    public async Task Hung_CaptureStartedHalfWay_StacksLoggedBeforeTheKill()
    {
        FakeWorker worker = await LaunchOneAsync();

        Seconds(2);
        Assert.Empty(_capture.Started);
        Seconds(1); // 3 s without a heartbeat: more than half of 4 s
        await StacksCapturedAsync(worker);
        Assert.Empty(worker.Signals);

        Seconds(2); // 5 s: past the timeout
        await Eventually.TrueAsync(() => worker.Signals.Contains(SignalNumbers.SigKill), "the kill");

        List<string> log = [.. _h.Messages];
        int stacks = log.FindIndex(m => m.StartsWith($"Stacks of worker 0 (pid {worker.Pid}) before SIGKILL (no heartbeat for heartbeat_timeout):", StringComparison.Ordinal));
        int killed = log.FindIndex(m => m == $"Sent SIGKILL to worker 0 (pid {worker.Pid}) 0 ms after the decision");
        Assert.True(stacks >= 0 && killed > stacks, string.Join('\n', log));
        Assert.Contains("BusyService.SpinInBusyLoopForever", log[stacks], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hung_CaptureNeverEnds_KilledAtTheBound_NotBefore()
    {
        FakeWorker worker = await LaunchOneAsync();
        Seconds(5);

        await KilledAtTheBoundAsync(worker);
        Assert.Contains(_h.Messages, m => m == $"No stacks of worker 0 (pid {worker.Pid}) before SIGKILL: not captured within 600 ms");
        Assert.Contains(_h.Messages, m => m == $"Sent SIGKILL to worker 0 (pid {worker.Pid}) 600 ms after the decision");
    }

    [Fact]
    public async Task Suspected_ThenHeartbeatsAgain_CaptureCancelled_NoKill()
    {
        FakeWorker worker = await LaunchOneAsync();
        Seconds(3);
        await Eventually.TrueAsync(() => _capture.Started.ContainsKey(worker.Pid), "the capture started");

        worker.Send(ControlMessage.Heartbeat);
        Seconds(1);

        await Eventually.TrueAsync(() => _capture.Cancelled.Contains(worker.Pid), "the capture cancelled");
        Assert.Empty(worker.Signals);
    }

    [Fact]
    public async Task Hung_DumpDirSet_DumpStartedAfterTheStacks_ItsPathLoggedBeforeTheKill()
    {
        FakeWorker worker = await LaunchOneAsync("/var/tmp/oslo-dumps");
        Seconds(3);
        await Eventually.TrueAsync(() => _capture.Started.ContainsKey(worker.Pid), "the capture started");
        Assert.Empty(_capture.Dumps);
        await StacksCapturedAsync(worker);
        await Eventually.TrueAsync(() => _capture.Dumps.ContainsKey(worker.Pid), "the dump started after the stacks");
        (string path, TaskCompletionSource written) = _capture.Dumps[worker.Pid];
        Assert.Matches($@"^/var/tmp/oslo-dumps/oslo-worker-0-{worker.Pid}-\d{{8}}T\d{{6}}Z\.dmp$", path);
        written.TrySetResult();

        Seconds(2);
        await Eventually.TrueAsync(() => worker.Signals.Contains(SignalNumbers.SigKill), "the kill");
        List<string> log = [.. _h.Messages];
        int stacks = log.FindIndex(m => m.StartsWith($"Stacks of worker 0 (pid {worker.Pid}) before SIGKILL", StringComparison.Ordinal));
        int dump = log.FindIndex(m => m == $"Dump of worker 0 (pid {worker.Pid}) before SIGKILL written to {path}");
        int killed = log.FindIndex(m => m == $"Sent SIGKILL to worker 0 (pid {worker.Pid}) 0 ms after the decision");
        Assert.True(stacks >= 0 && dump > stacks && killed > dump, string.Join('\n', log));
    }

    [Fact]
    public async Task Hung_DumpNotDoneAtTheBound_KilledAtTheBound_DumpLoggedAsCutShort()
    {
        FakeWorker worker = await LaunchOneAsync("/var/tmp/oslo-dumps");
        Seconds(3);
        await StacksCapturedAsync(worker);
        await Eventually.TrueAsync(() => _capture.Dumps.ContainsKey(worker.Pid), "the dump started");
        Seconds(2);

        await KilledAtTheBoundAsync(worker);
        string path = _capture.Dumps[worker.Pid].Path;
        Assert.Contains(_h.Messages, m => m == $"Dump of worker 0 (pid {worker.Pid}) cut short by its SIGKILL (not finished within 600 ms): {path} is incomplete");
        Assert.Contains(_h.Messages, m => m == $"Sent SIGKILL to worker 0 (pid {worker.Pid}) 600 ms after the decision");
    }

    private sealed class FakeCapture : IStackCapture
    {
        public ConcurrentDictionary<int, TaskCompletionSource<string>> Started { get; } = new();

        public ConcurrentBag<int> Cancelled { get; } = [];

        public ConcurrentDictionary<int, (string Path, TaskCompletionSource Written)> Dumps { get; } = new();

        public Task DumpAsync(int pid, string path, CancellationToken cancellationToken) =>
            Dumps.GetOrAdd(pid, _ => (path, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))).Written.Task;

        public Task<string> CaptureAsync(int pid, CancellationToken cancellationToken)
        {
            var stacks = Started.GetOrAdd(pid, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            cancellationToken.Register(() =>
            {
                Cancelled.Add(pid);
                stacks.TrySetCanceled(cancellationToken);
            });
            return stacks.Task;
        }
    }
}
