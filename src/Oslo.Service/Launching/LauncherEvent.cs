using System.Runtime.InteropServices;

namespace Oslo.Service.Launching;

/// <summary>Everything the <see cref="ServiceLauncher"/> loop reacts to; signal handlers and timers only enqueue these.</summary>
internal abstract record LauncherEvent
{
    /// <summary>A POSIX signal arrived.</summary>
    internal sealed record SignalReceived(PosixSignal Signal) : LauncherEvent;

    /// <summary>An operator asked for a reload (<c>oslo-ctl reload</c>): a SIGHUP that is never a terminal hang-up.</summary>
    internal sealed record ReloadRequested : LauncherEvent;

    /// <summary>Every service's first start finished, or one failed.</summary>
    internal sealed record StartCompleted(Exception? Error) : LauncherEvent;

    /// <summary>A SIGHUP reload finished; <paramref name="Error"/> is set when the services failed to start again.</summary>
    internal sealed record ReloadCompleted(bool ConfigApplied, Exception? Error) : LauncherEvent;

    /// <summary>Every service stopped and finished waiting.</summary>
    internal sealed record StopCompleted(Exception? Error) : LauncherEvent;

    /// <summary><c>graceful_shutdown_timeout</c> passed during a graceful stop.</summary>
    internal sealed record GracefulTimeoutExpired : LauncherEvent;

    /// <summary><c>drain_delay</c> passed since readiness went to 503: time to stop the services.</summary>
    internal sealed record DrainDelayElapsed : LauncherEvent;

    /// <summary>Time to tell systemd a long start or stop is still progressing (<c>EXTEND_TIMEOUT_USEC</c>).</summary>
    internal sealed record TimeoutExtensionDue : LauncherEvent;

    /// <summary>Time to send systemd a <c>WATCHDOG=1</c>.</summary>
    internal sealed record WatchdogDue : LauncherEvent;

    /// <summary>
    /// Code asked for a graceful stop (<see cref="Launcher.StopAsync"/>, or a process launcher's worker whose parent
    /// died); <paramref name="ExitStatus"/> overrides the status the stop would give.
    /// </summary>
    internal sealed record StopRequested(string Reason = "stop requested", int? ExitStatus = null) : LauncherEvent;

    /// <summary>
    /// Code asked the loop to end soon with <paramref name="ExitStatus"/>: stop the services without grace, give them
    /// <paramref name="Budget"/> to finish, and return either way (a process launcher's worker whose parent died:
    /// "Parent process has died unexpectedly, exiting", exit 1).
    /// </summary>
    internal sealed record StopNowRequested(string Reason, int ExitStatus, TimeSpan Budget) : LauncherEvent;
}
