using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>getppid(2)</c>: the parent's pid (1 or a subreaper once the parent died).</summary>
    [LibraryImport(LibraryName, EntryPoint = "getppid")]
    internal static partial int GetPpid();
}
