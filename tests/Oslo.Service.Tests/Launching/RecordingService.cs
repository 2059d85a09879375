using System.Collections.Concurrent;

using Oslo.Service.Launching;

namespace Oslo.Service.Tests.Launching;

/// <summary>A service that writes every lifecycle call into a shared journal and can be made to block or fail.</summary>
internal sealed class RecordingService(string name, ConcurrentQueue<string> journal) : ServiceBase
{
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? FailStart { get; set; }

    /// <summary>When set, StopAsync waits for it (a service stuck in stop).</summary>
    public TaskCompletionSource? StopGate { get; set; }

    /// <summary>When set, ResetAsync waits for it (a slow reset).</summary>
    public TaskCompletionSource? ResetGate { get; set; }

    public TaskCompletionSource StopCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ResetCalled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        journal.Enqueue($"{name}.start");
        if (_stopped.Task.IsCompleted)
        {
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return FailStart is null ? Task.CompletedTask : Task.FromException(FailStart);
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        journal.Enqueue($"{name}.stop({(graceful ? "graceful" : "now")})");
        StopCalled.TrySetResult();
        if (StopGate is not null)
        {
            await StopGate.Task.WaitAsync(cancellationToken);
        }

        _stopped.TrySetResult();
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default)
    {
        journal.Enqueue($"{name}.wait");
        return _stopped.Task.WaitAsync(cancellationToken);
    }

    public override async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        journal.Enqueue($"{name}.reset");
        TaskCompletionSource called = ResetCalled;
        ResetCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        called.TrySetResult();
        if (ResetGate is not null)
        {
            await ResetGate.Task.WaitAsync(cancellationToken);
        }
    }

    public override string ToString() => name;
}
