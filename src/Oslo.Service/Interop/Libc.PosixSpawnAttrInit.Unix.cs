using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>Bytes reserved for a <c>posix_spawnattr_t</c> (336 on glibc x86-64, a pointer elsewhere).</summary>
    internal const int PosixSpawnAttrSize = 1024;

    /// <summary><c>posix_spawnattr_init(3)</c>; returns 0 or an error number.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawnattr_init")]
    internal static unsafe partial int PosixSpawnAttrInit(void* attributes);
}
