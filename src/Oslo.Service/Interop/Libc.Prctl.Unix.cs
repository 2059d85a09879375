using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>PR_SET_PDEATHSIG</c>: the signal this process gets when its parent thread dies (Linux).</summary>
    internal const int PrSetPdeathsig = 1;

    /// <summary><c>prctl(2)</c> with one argument (Linux only).</summary>
    [LibraryImport(LibraryName, EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);
}
