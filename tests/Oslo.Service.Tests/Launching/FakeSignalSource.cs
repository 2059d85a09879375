using System.Runtime.InteropServices;

using Oslo.Service.Signals;

namespace Oslo.Service.Tests.Launching;

/// <summary>Delivers signals a test raises, the way the real source does (on another thread, enqueue only).</summary>
internal sealed class FakeSignalSource : ISignalSource
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<PosixSignal>? _handler;

    public IReadOnlyList<PosixSignal> Signals { get; private set; } = [];

    public bool Disposed { get; private set; }

    public Task Subscribed => _subscribed.Task;

    public IDisposable Subscribe(IReadOnlyList<PosixSignal> signals, Action<PosixSignal> onSignal)
    {
        Signals = signals;
        _handler = onSignal;
        _subscribed.TrySetResult();
        return new Subscription(this);
    }

    public async Task RaiseAsync(PosixSignal signal)
    {
        await Subscribed.WaitAsync(TimeSpan.FromSeconds(10));
        _handler!(signal);
    }

    private sealed class Subscription(FakeSignalSource owner) : IDisposable
    {
        public void Dispose() => owner.Disposed = true;
    }
}
