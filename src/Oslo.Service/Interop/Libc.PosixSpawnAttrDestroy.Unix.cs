using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>posix_spawnattr_destroy(3)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawnattr_destroy")]
    internal static unsafe partial int PosixSpawnAttrDestroy(void* attributes);
}
