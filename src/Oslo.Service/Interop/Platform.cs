namespace Oslo.Service.Interop;

/// <summary>
/// The one place that decides what the launcher can do on the current operating system.
/// </summary>
/// <remarks>
/// Linux is what the project supports and tests: the signal numbers, <c>fcntl</c>, socket and <c>open</c> constants of
/// <c>Interop</c> are Linux's values (SIGCHLD is 17 on Linux and 20 on macOS, <c>F_DUPFD_CLOEXEC</c> 1030 and 67), so
/// other Unix systems (macOS, the BSDs) are treated as Windows is rather than handed wrong numbers. There and on
/// Windows:
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
    /// <summary>True where POSIX signals, terminals and process groups are used: Linux, whose constants Interop holds.</summary>
    internal static bool IsUnix => OperatingSystem.IsLinux();

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
            throw new PlatformNotSupportedException($"{operation} needs Linux (POSIX signals and descriptors with Linux's constants) and is not available on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        }
    }
}
