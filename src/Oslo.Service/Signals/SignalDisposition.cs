using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

/// <summary>Reads and repairs a signal's process-wide disposition.</summary>
/// <remarks>
/// Python's <c>signal.signal()</c> overrides an inherited <c>SIG_IGN</c>; .NET respects it: the runtime's signal
/// layer never installs its handler for a signal that is ignored when it first looks at it. For SIGTERM and SIGHUP
/// it first looks when a <see cref="PosixSignalRegistration"/> is created, so resetting the disposition to
/// <c>SIG_DFL</c> before that is enough. SIGINT and SIGQUIT it looks at once, when the console or the process
/// classes initialise (usually before <c>Main</c>'s first line has run), and it never looks again; for those,
/// <see cref="AdoptRuntimeHandler"/> installs the runtime's own handler, taken from a signal it does handle.
/// </remarks>
internal static partial class SignalDisposition
{
    /// <summary>
    /// If <paramref name="signal"/> is ignored (<c>SIG_IGN</c>, inherited from the parent: a background job of a
    /// non-interactive shell ignores SIGINT, <c>nohup</c> ignores SIGHUP), sets it back to <c>SIG_DFL</c>.
    /// Handlers installed by anyone else are left alone.
    /// </summary>
    /// <returns>True when the disposition was <c>SIG_IGN</c> and has been reset.</returns>
    internal static bool ResetIfIgnored(PosixSignal signal)
    {
        if (!Platform.IsUnix)
        {
            return false;
        }

        int number = SignalNames.ToNumber(signal);
        return GetHandler(number) == Libc.SigIgn && ResetToDefault(number);
    }

    /// <summary>
    /// After the registrations exist: every signal of <paramref name="signals"/> that still has no handler function
    /// (<c>SIG_DFL</c> or <c>SIG_IGN</c>) gets the runtime's handler, copied with its flags and mask from one that has
    /// it, so that its registration fires.
    /// </summary>
    /// <returns>The signals that were given the runtime's handler.</returns>
    internal static IReadOnlyList<PosixSignal> AdoptRuntimeHandler(IReadOnlyList<PosixSignal> signals)
    {
        if (!Platform.IsUnix)
        {
            return [];
        }

        int donor = 0;
        var orphans = new List<PosixSignal>();
        foreach (PosixSignal signal in signals)
        {
            int number = SignalNames.ToNumber(signal);
            IntPtr handler = GetHandler(number);
            if (handler == Libc.SigDfl || handler == Libc.SigIgn)
            {
                orphans.Add(signal);
            }
            else if (donor == 0)
            {
                donor = number;
            }
        }

        if (donor == 0)
        {
            return [];
        }

        var adopted = new List<PosixSignal>();
        foreach (PosixSignal orphan in orphans)
        {
            if (CopyAction(donor, SignalNames.ToNumber(orphan)))
            {
                adopted.Add(orphan);
            }
        }

        return adopted;
    }

    /// <summary>True when the signal's current disposition is <c>SIG_IGN</c>.</summary>
    internal static bool IsIgnored(PosixSignal signal) => Platform.IsUnix && GetHandler(SignalNames.ToNumber(signal)) == Libc.SigIgn;

    private static unsafe partial IntPtr GetHandler(int number);

    private static partial bool ResetToDefault(int number);

    private static unsafe partial bool CopyAction(int from, int to);
}
