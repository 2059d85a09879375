namespace Oslo.Service.Interop;

/// <summary>
/// The one place that decides what the launcher can do on the current operating system.
/// </summary>
/// <remarks>
/// Linux is what the project tests. On other Unix systems the same calls exist and are used. On Windows:
/// <list type="bullet">
/// <item><description>SIGHUP does not exist, so reload by signal is unavailable (oslo's <c>add_handler</c> skips
/// unsupported signals the same way); SIGTERM and SIGINT are still handled through
/// <see cref="System.Runtime.InteropServices.PosixSignalRegistration"/>, which maps them to console events.</description></item>
/// <item><description>There is no controlling terminal to compare with, so the process is never a daemon and the
/// inherited-<c>SIG_IGN</c> fix-up is skipped.</description></item>
/// <item><description>systemd does not exist: the notifier and the watchdog are silent no-ops.</description></item>
/// <item><description>Sending a signal to another process throws <see cref="PlatformNotSupportedException"/>.</description></item>
/// </list>
/// </remarks>
internal static class Platform
{
    /// <summary>True where POSIX signals, terminals and process groups exist.</summary>
    internal static bool IsUnix => !OperatingSystem.IsWindows();

    /// <summary>True where SIGHUP can be delivered to the process.</summary>
    internal static bool SupportsSighup => IsUnix;

    /// <summary>True where the systemd notify protocol may be spoken.</summary>
    internal static bool SupportsSystemd => OperatingSystem.IsLinux();

    /// <summary>Throws the one error used for Unix-only operations on Windows.</summary>
    /// <param name="operation">What was attempted, for the message.</param>
    internal static void ThrowIfNotUnix(string operation)
    {
        if (!IsUnix)
        {
            throw new PlatformNotSupportedException($"{operation} needs POSIX signals and is not available on Windows.");
        }
    }
}
