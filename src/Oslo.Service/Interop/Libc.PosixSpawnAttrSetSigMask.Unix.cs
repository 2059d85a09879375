using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>posix_spawnattr_setsigmask(3)</c>: the child's signal mask; returns 0 or an error number.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawnattr_setsigmask")]
    internal static unsafe partial int PosixSpawnAttrSetSigMask(void* attributes, void* signals);
}
