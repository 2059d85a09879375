using Microsoft.Extensions.Logging;

using Oslo.Service.Signals;
using Oslo.Service.Systemd;

namespace Oslo.Service.Launching;

/// <summary>
/// The process-facing parts of a <see cref="ServiceLauncher"/>: where signals come from, whether we are a daemon,
/// systemd, the clock, and how to exit at once. Production uses <see cref="CreateDefault"/>; unit tests replace parts.
/// </summary>
internal sealed record LauncherRuntime
{
    /// <summary>Where SIGTERM, SIGINT and SIGHUP come from.</summary>
    internal required ISignalSource Signals { get; init; }

    /// <summary>oslo's <c>_is_daemon()</c>, asked when SIGHUP arrives.</summary>
    internal required Func<bool> IsDaemon { get; init; }

    /// <summary>systemd's notify socket (a no-op when not under systemd).</summary>
    internal required SystemdNotifier Notifier { get; init; }

    /// <summary>How often to send <c>WATCHDOG=1</c>, or null when systemd's watchdog is off.</summary>
    internal required TimeSpan? WatchdogInterval { get; init; }

    /// <summary>The clock of the graceful deadline and the watchdog.</summary>
    internal required TimeProvider TimeProvider { get; init; }

    /// <summary>
    /// Told the status when the loop ends at once (SIGINT, graceful timeout, second SIGTERM), just before
    /// <see cref="ServiceLauncher.WaitAsync"/> returns it. Null means: flush the logging the launcher owns.
    /// </summary>
    internal Action<int>? Exit { get; init; }

    /// <summary>The real thing: POSIX signals, <c>/dev/tty</c>, <c>NOTIFY_SOCKET</c> and <c>WATCHDOG_USEC</c>.</summary>
    internal static LauncherRuntime CreateDefault(ILogger logger, TimeProvider? timeProvider = null) => new()
    {
        Signals = new PosixSignalSource(logger),
        IsDaemon = TerminalState.IsDaemon,
        Notifier = SystemdNotifier.FromEnvironment(logger),
        WatchdogInterval = WatchdogSettings.FromEnvironment(),
        TimeProvider = timeProvider ?? TimeProvider.System,
    };
}
