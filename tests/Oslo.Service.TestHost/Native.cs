using System.Runtime.InteropServices;

namespace Oslo.Service.TestHost;

internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "getpgrp")]
    internal static partial int GetPgrp();
}
