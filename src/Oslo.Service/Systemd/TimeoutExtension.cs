namespace Oslo.Service.Systemd;

/// <summary>
/// When to send systemd <c>EXTEND_TIMEOUT_USEC</c> during a long start or a graceful stop: every
/// <see cref="Interval"/>, asking for <see cref="Step"/> more, for as long as the phase is within its own limit
/// (the start: <c>boot_timeout</c>; the stop: <c>drain_delay</c> + <c>graceful_shutdown_timeout</c>, only
/// <c>drain_delay</c> when the timeout is 0 = forever, so that <c>TimeoutStopSec</c> stays the only bound). So <c>TimeoutStartSec</c>/<c>TimeoutStopSec</c> never cut short a phase that our own deadline still
/// allows, and once ours has passed (or the loop stops answering) systemd's applies again within one step.
/// </summary>
internal static class TimeoutExtension
{
    /// <summary>How often an extension is sent.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How much each extension asks for: three intervals, so one late or lost datagram is harmless.</summary>
    internal static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>The extension to send <paramref name="elapsed"/> into a phase allowed <paramref name="limit"/>, or null.</summary>
    /// <param name="elapsed">Time since the phase began.</param>
    /// <param name="limit">The phase's own limit; zero sends nothing.</param>
    internal static TimeSpan? Next(TimeSpan elapsed, TimeSpan limit) => elapsed < limit ? Step : null;
}
