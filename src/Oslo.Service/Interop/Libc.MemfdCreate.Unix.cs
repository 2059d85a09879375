using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>MFD_CLOEXEC</c>.</summary>
    internal const uint MfdCloExec = 0x1;

    /// <summary><c>memfd_create(2)</c>: the anonymous shared memory of a pool's <see cref="Supervision.ConnectionBoard"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MemfdCreate(string name, uint flags);
}
