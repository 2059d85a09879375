using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>POSIX_SPAWN_SETSIGDEF</c>: reset the signals of the attribute's set to their default action.</summary>
    internal const short PosixSpawnSetSigDef = 0x04;

    /// <summary><c>POSIX_SPAWN_SETSIGMASK</c>: start the child with the attribute's signal mask.</summary>
    internal const short PosixSpawnSetSigMask = 0x08;

    /// <summary>
    /// <c>posix_spawn(3)</c>: starts <paramref name="path"/> with null-terminated <paramref name="argv"/> and
    /// <paramref name="envp"/>; returns 0 or an error number (it does not set errno).
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_spawn")]
    internal static unsafe partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);
}
