using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>
    /// <c>sigaction(2)</c> used read-only (<paramref name="act"/> null) to learn a signal's current disposition. Every
    /// Unix we run on (glibc, musl, macOS) puts the handler pointer first in <c>struct sigaction</c>, so callers pass
    /// a buffer larger than any of those structs and read only its first pointer.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "sigaction", SetLastError = true)]
    internal static unsafe partial int SigAction(int signal, void* act, void* oldAct);
}
