namespace Oslo.Service.Systemd;

/// <summary>
/// A timer that asks for a <c>WATCHDOG=1</c> every ping interval. It does not send by itself: it calls
/// <c>onDue</c>, which the launcher turns into an event of its loop, so pings stop when the loop stops turning.
/// </summary>
internal sealed class SystemdWatchdog : IDisposable
{
    private readonly ITimer _timer;

    /// <summary>Starts calling <paramref name="onDue"/> every <paramref name="interval"/> on <paramref name="timeProvider"/>.</summary>
    internal SystemdWatchdog(TimeProvider timeProvider, TimeSpan interval, Action onDue)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(onDue);
        Interval = interval;
        _timer = timeProvider.CreateTimer(static state => ((Action)state!)(), onDue, interval, interval);
    }

    /// <summary>The ping interval (half of <c>WATCHDOG_USEC</c>).</summary>
    internal TimeSpan Interval { get; }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();
}
