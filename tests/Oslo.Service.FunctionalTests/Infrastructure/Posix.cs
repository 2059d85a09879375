using System.Runtime.InteropServices;

namespace Oslo.Service.FunctionalTests.Infrastructure;

/// <summary>The few libc calls the harness needs to signal the processes it started.</summary>
internal static partial class Posix
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
