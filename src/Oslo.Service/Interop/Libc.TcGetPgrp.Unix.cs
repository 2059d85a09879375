using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>tcgetpgrp(3)</c>: the foreground process group of the terminal open on <paramref name="fd"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tcgetpgrp", SetLastError = true)]
    internal static partial int TcGetPgrp(int fd);
}
