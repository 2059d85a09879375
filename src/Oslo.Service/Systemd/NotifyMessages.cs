using System.Globalization;

namespace Oslo.Service.Systemd;

/// <summary>The exact wire strings of the notify protocol (<c>man sd_notify</c>).</summary>
internal static class NotifyMessages
{
    /// <summary><c>WATCHDOG=1</c>.</summary>
    public const string Watchdog = "WATCHDOG=1";

    /// <summary><c>READY=1</c>, plus <c>STATUS=</c> when given.</summary>
    public static string Ready(string? status = null) => WithStatus("READY=1", status);

    /// <summary><c>STOPPING=1</c>, plus <c>STATUS=</c> when given.</summary>
    public static string Stopping(string? status = null) => WithStatus("STOPPING=1", status);

    /// <summary><c>RELOADING=1</c> and <c>MONOTONIC_USEC=</c> (<c>CLOCK_MONOTONIC</c> in µs), plus <c>STATUS=</c>.</summary>
    public static string Reloading(long monotonicMicroseconds, string? status = null) =>
        WithStatus(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={monotonicMicroseconds}"), status);

    /// <summary><c>EXTEND_TIMEOUT_USEC=</c>: the start or stop is still progressing; time out no sooner than this from now.</summary>
    public static string ExtendTimeout(TimeSpan extension) =>
        string.Create(CultureInfo.InvariantCulture, $"EXTEND_TIMEOUT_USEC={(long)extension.TotalMicroseconds}");

    /// <summary><c>STATUS=</c> with the text on one line (systemd shows it in <c>systemctl status</c>).</summary>
    public static string Status(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return "STATUS=" + status.ReplaceLineEndings(" ");
    }

    private static string WithStatus(string message, string? status) =>
        status is null ? message : message + "\n" + Status(status);
}
