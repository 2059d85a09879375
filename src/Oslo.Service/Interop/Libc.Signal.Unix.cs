using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>SIG_DFL</c>: the default disposition.</summary>
    internal static readonly IntPtr SigDfl = IntPtr.Zero;

    /// <summary><c>SIG_IGN</c>: the "ignore" disposition.</summary>
    internal static readonly IntPtr SigIgn = new(1);

    /// <summary><c>signal(2)</c>: sets a disposition; used only to turn an inherited <c>SIG_IGN</c> into <c>SIG_DFL</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "signal", SetLastError = true)]
    internal static partial IntPtr Signal(int signal, IntPtr handler);
}
