using System.Runtime.InteropServices;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>The one libc call the tests need to signal the processes they started.</summary>
internal static partial class Posix
{
    public const int SigHup = 1;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
