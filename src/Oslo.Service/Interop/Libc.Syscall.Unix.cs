using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>
    /// <c>syscall(2)</c> with up to four integer arguments: for system calls glibc wraps only in recent versions
    /// (<c>pidfd_open</c> since 2.36), so that older C libraries still reach them.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number, long arg1, long arg2, long arg3, long arg4);
}
