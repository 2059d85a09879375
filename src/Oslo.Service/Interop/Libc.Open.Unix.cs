using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>O_RDONLY</c>.</summary>
    internal const int ORdOnly = 0;

    /// <summary><c>O_NOCTTY</c> on Linux (opening <c>/dev/tty</c> must never acquire a controlling terminal).</summary>
    internal const int ONoCtty = 0x100;

    /// <summary><c>O_NONBLOCK</c> on Linux: opening a FIFO returns at once instead of waiting for a writer.</summary>
    internal const int ONonBlock = 0x800;

    /// <summary><c>O_PATH</c> on Linux: a descriptor that only names a file or directory (e.g. for <c>/proc/self/fd/N</c>).</summary>
    internal const int OPath = 0x200000;

    /// <summary><c>O_CLOEXEC</c> on Linux.</summary>
    internal const int OCloExec = 0x80000;

    /// <summary>Linux <c>EPERM</c>.</summary>
    internal const int EPerm = 1;

    /// <summary>Linux <c>EACCES</c>.</summary>
    internal const int EAcces = 13;

    /// <summary><c>open(2)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);
}
