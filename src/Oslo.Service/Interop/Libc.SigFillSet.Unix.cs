using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>sigfillset(3)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "sigfillset")]
    internal static unsafe partial int SigFillSet(void* signals);
}
