using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

/// <summary>Reads and repairs a signal's process-wide disposition.</summary>
internal static partial class SignalDisposition
{
    /// <summary>
    /// If <paramref name="signal"/> is ignored (<c>SIG_IGN</c>, inherited from the parent: a background job of a
    /// non-interactive shell ignores SIGINT, <c>nohup</c> ignores SIGHUP), sets it back to <c>SIG_DFL</c> so that a
    /// <see cref="PosixSignalRegistration"/> can receive it. Handlers installed by anyone else are left alone.
    /// </summary>
    /// <returns>True when the disposition was <c>SIG_IGN</c> and has been reset.</returns>
    internal static bool ResetIfIgnored(PosixSignal signal)
    {
        if (!Platform.IsUnix)
        {
            return false;
        }

        int number = SignalNames.ToNumber(signal);
        return IsIgnored(number) && ResetToDefault(number);
    }

    /// <summary>True when the signal's current disposition is <c>SIG_IGN</c>.</summary>
    internal static bool IsIgnored(PosixSignal signal) => Platform.IsUnix && IsIgnored(SignalNames.ToNumber(signal));

    private static unsafe partial bool IsIgnored(int number);

    private static partial bool ResetToDefault(int number);
}
