using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>Bytes reserved for a <c>sigset_t</c> (128 on glibc, 4 on macOS).</summary>
    internal const int SigSetSize = 128;

    /// <summary><c>sigemptyset(3)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "sigemptyset")]
    internal static unsafe partial int SigEmptySet(void* signals);
}
