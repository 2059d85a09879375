// One source file compiled into Oslo.Config (which defines OSLO_CONFIG) and Oslo.Service: open(2) and its flags are
// declared once. Each assembly keeps its own internal Libc class (Oslo.Config cannot reference Oslo.Service, and
// neither sees the other's internals), so the file joins that assembly's Libc.
using System.Runtime.InteropServices;

#if OSLO_CONFIG
namespace Oslo.Config.Interop;
#else
namespace Oslo.Service.Interop;
#endif

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
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);
}
