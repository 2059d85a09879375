using System.Runtime.InteropServices;

namespace Oslo.Service.WorkerHost;

internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "getpgrp")]
    internal static partial int GetPgrp();

    /// <summary><c>system(3)</c>: runs a shell command with the C library's environment and this process's descriptors.</summary>
    [LibraryImport("libc", EntryPoint = "system", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RunShell(string command);
}
