using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

/// <summary>
/// Answers oslo's <c>_is_daemon()</c>: is this process running detached from an interactive terminal? That decides
/// what SIGHUP means (reload for a daemon, termination in a terminal's foreground).
/// </summary>
internal static partial class TerminalState
{
    /// <summary>
    /// True when the process has no controlling terminal, or is not in that terminal's foreground process group
    /// (systemd, containers, <c>setsid</c>, <c>nohup ... &amp;</c>). Always false on Windows (see <see cref="Platform"/>).
    /// </summary>
    /// <remarks>
    /// oslo asks about <c>sys.stdout</c>; we ask about <c>/dev/tty</c>, the controlling terminal itself, so that a
    /// redirected stdout (<c>service &gt; log</c> typed in a terminal) does not turn a foreground process into a daemon.
    /// </remarks>
    internal static bool IsDaemon() => Platform.IsUnix && IsDaemonUnix();

    private static partial bool IsDaemonUnix();
}
