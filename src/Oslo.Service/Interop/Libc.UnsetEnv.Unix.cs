using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>unsetenv(3)</c>: removes a variable from the C library's environment (.NET keeps its own copy).</summary>
    [LibraryImport(LibraryName, EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int UnsetEnv(string name);
}
