using System.Runtime.InteropServices;

namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>kill(2), to send real signals to the processes a test started (and only those).</summary>
internal static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGHUP = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
