using System.Runtime.InteropServices;

using Oslo.Service.Signals;

namespace Oslo.Service.Supervision;

/// <summary>
/// Passes signals through and remembers the last one and how many SIGTERMs came, so the parent knows why the
/// launcher loop exits at once (SIGINT: SIGINT the workers; a second SIGTERM or the graceful deadline: SIGKILL them).
/// </summary>
internal sealed class RecordingSignalSource(ISignalSource inner) : ISignalSource
{
    private int _last;
    private int _terms;

    /// <summary>The last signal delivered, or null.</summary>
    internal PosixSignal? Last => Volatile.Read(ref _last) is var last && last != 0 ? (PosixSignal)last : null;

    /// <summary>How many SIGTERMs were delivered.</summary>
    internal int Terms => Volatile.Read(ref _terms);

    /// <inheritdoc/>
    public IDisposable Subscribe(IReadOnlyList<PosixSignal> signals, Action<PosixSignal> onSignal) =>
        inner.Subscribe(signals, signal =>
        {
            Volatile.Write(ref _last, (int)signal);
            if (signal == PosixSignal.SIGTERM)
            {
                Interlocked.Increment(ref _terms);
            }

            onSignal(signal);
        });
}
