using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>geteuid(2)</c>: the effective user id of this process.</summary>
    [LibraryImport(LibraryName, EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}
