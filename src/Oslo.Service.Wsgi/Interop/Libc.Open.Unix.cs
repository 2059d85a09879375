using System.Runtime.InteropServices;

namespace Oslo.Service.Wsgi.Interop;

internal static partial class Libc
{
    /// <summary>Linux <c>O_RDONLY</c>.</summary>
    internal const int ORdOnly = 0;

    /// <summary>Linux <c>O_NOCTTY</c>.</summary>
    internal const int ONoCtty = 0x100;

    /// <summary>Linux <c>O_NONBLOCK</c>: opening a FIFO returns at once instead of waiting for a writer.</summary>
    internal const int ONonBlock = 0x800;

    /// <summary>Linux <c>O_CLOEXEC</c>.</summary>
    internal const int OCloExec = 0x80000;

    /// <summary>Linux <c>EACCES</c>.</summary>
    internal const int EAcces = 13;

    /// <summary>Linux <c>EPERM</c>.</summary>
    internal const int EPerm = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);
}
