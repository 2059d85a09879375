using System.Globalization;

namespace Oslo.Service.Systemd;

/// <summary>Pure policy for systemd's watchdog (<c>man sd_watchdog_enabled</c>).</summary>
internal static class WatchdogSettings
{
    /// <summary>The variable systemd sets to the watchdog timeout in microseconds.</summary>
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";

    /// <summary>The variable naming the process the watchdog is meant for.</summary>
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    /// <summary>
    /// How often to send <c>WATCHDOG=1</c>: half of <c>WATCHDOG_USEC</c>, as systemd recommends, or null when the
    /// watchdog is off, malformed, or meant for another process (<c>WATCHDOG_PID</c> set to a pid other than ours).
    /// </summary>
    public static TimeSpan? GetPingInterval(string? watchdogUsec, string? watchdogPid, int ownPid)
    {
        if (string.IsNullOrEmpty(watchdogUsec)
            || !long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out long usec)
            || usec <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != ownPid))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(Math.Max(1, usec / 2));
    }

    /// <summary><see cref="GetPingInterval(string?, string?, int)"/> over this process's environment.</summary>
    public static TimeSpan? FromEnvironment() => GetPingInterval(
        Environment.GetEnvironmentVariable(WatchdogUsecVariable),
        Environment.GetEnvironmentVariable(WatchdogPidVariable),
        Environment.ProcessId);
}
