using System.Runtime.InteropServices;

namespace Oslo.Service.Signals;

/// <summary>
/// Where the launcher's signals come from. The real source registers POSIX handlers; unit tests inject signals
/// without touching the process's dispositions.
/// </summary>
internal interface ISignalSource
{
    /// <summary>
    /// Starts delivering <paramref name="signals"/> to <paramref name="onSignal"/> until the returned object is
    /// disposed. <paramref name="onSignal"/> runs on the signal thread: it must only enqueue.
    /// </summary>
    IDisposable Subscribe(IReadOnlyList<PosixSignal> signals, Action<PosixSignal> onSignal);
}
