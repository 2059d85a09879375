using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

/// <summary>Names and raw numbers of the signals the launchers handle.</summary>
internal static class SignalNames
{
    /// <summary>The name oslo logs, e.g. <c>SIGTERM</c>.</summary>
    internal static string ToName(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => "SIGHUP",
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGQUIT => "SIGQUIT",
        _ => signal.ToString(),
    };

    /// <summary>The raw number of a signal the launchers handle.</summary>
    internal static int ToNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => SignalNumbers.SigHup,
        PosixSignal.SIGINT => SignalNumbers.SigInt,
        PosixSignal.SIGTERM => SignalNumbers.SigTerm,
        _ when (int)signal > 0 => (int)signal,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "The launchers handle SIGHUP, SIGINT and SIGTERM."),
    };
}
