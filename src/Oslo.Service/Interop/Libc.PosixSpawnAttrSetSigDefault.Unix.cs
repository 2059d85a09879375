using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>posix_spawnattr_setsigdefault(3)</c>: signals reset to their default action in the child.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static unsafe partial int PosixSpawnAttrSetSigDefault(void* attributes, void* signals);
}
