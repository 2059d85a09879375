using System.Runtime.InteropServices;

using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;
using Oslo.Service.Logging;

namespace Oslo.Service.Signals;

/// <summary>
/// Registers <see cref="PosixSignalRegistration"/> handlers that cancel the default action and hand the signal to
/// a callback (habit: signal handlers enqueue, one loop acts).
/// </summary>
internal sealed class PosixSignalSource(ILogger logger) : ISignalSource
{
    /// <inheritdoc/>
    public IDisposable Subscribe(IReadOnlyList<PosixSignal> signals, Action<PosixSignal> onSignal)
    {
        var registrations = new List<PosixSignalRegistration>(signals.Count);
        foreach (PosixSignal signal in signals)
        {
            if (signal == PosixSignal.SIGHUP && !Platform.SupportsSighup)
            {
                continue;
            }

            // Python's signal.signal() overrides an inherited SIG_IGN; PosixSignalRegistration does not (see
            // SignalDisposition), so undo the inherited SIG_IGN first.
            if (SignalDisposition.ResetIfIgnored(signal))
            {
                logger.SignalDispositionReset(SignalNames.ToName(signal));
            }

            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                onSignal(context.Signal);
            }));
        }

        foreach (PosixSignal adopted in SignalDisposition.AdoptRuntimeHandler(signals))
        {
            logger.SignalDispositionReset(SignalNames.ToName(adopted));
        }

        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (PosixSignalRegistration registration in registrations)
            {
                registration.Dispose();
            }

            registrations.Clear();
        }
    }
}
