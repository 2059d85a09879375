using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>posix_spawnattr_setflags(3)</c>; returns 0 or an error number.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawnattr_setflags")]
    internal static unsafe partial int PosixSpawnAttrSetFlags(void* attributes, short flags);
}
