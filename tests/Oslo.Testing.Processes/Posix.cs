using System.Runtime.InteropServices;

namespace Oslo.Testing.Processes;

/// <summary>The few libc calls the process tests need: signals to the processes a test started, and reaping.</summary>
public static partial class Posix
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary><c>prctl(PR_SET_CHILD_SUBREAPER)</c>: orphans of our descendants become our children, not init's.</summary>
    public const int PrSetChildSubreaper = 36;

    /// <summary><c>waitpid</c>'s WNOHANG.</summary>
    public const int WNoHang = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);
}
