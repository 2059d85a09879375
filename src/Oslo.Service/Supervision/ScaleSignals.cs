using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Oslo.Service.Supervision;

/// <summary>
/// SIGTTIN and SIGTTOU handlers (gunicorn's runtime scaling). They only hand the signal on; the pools act.
/// Registering them also replaces the default action, which would stop a background process on terminal I/O.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ScaleSignals : IDisposable
{
    private readonly PosixSignalRegistration _ttin;
    private readonly PosixSignalRegistration _ttou;

    internal ScaleSignals(Action<PosixSignal> onSignal)
    {
        _ttin = PosixSignalRegistration.Create(PosixSignal.SIGTTIN, context =>
        {
            context.Cancel = true;
            onSignal(context.Signal);
        });
        _ttou = PosixSignalRegistration.Create(PosixSignal.SIGTTOU, context =>
        {
            context.Cancel = true;
            onSignal(context.Signal);
        });
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ttin.Dispose();
        _ttou.Dispose();
    }
}
