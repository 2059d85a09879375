using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>getpgrp(2)</c>: the caller's process group.</summary>
    [LibraryImport(LibraryName, EntryPoint = "getpgrp")]
    internal static partial int GetPgrp();
}
