using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>EFD_CLOEXEC</c> (Linux: <c>O_CLOEXEC</c>).</summary>
    internal const int EFD_CLOEXEC = 0x80000;

    /// <summary><c>EFD_NONBLOCK</c> (Linux: <c>O_NONBLOCK</c>).</summary>
    internal const int EFD_NONBLOCK = 0x800;

    /// <summary><c>eventfd(2)</c>: the wake-up of a looping call's own thread, written by <c>Stop</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initialValue, int flags);
}
