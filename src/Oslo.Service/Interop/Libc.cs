namespace Oslo.Service.Interop;

/// <summary>
/// P/Invoke declarations into the C library, one <c>LibraryImport</c> per file (<c>Libc.*.Unix.cs</c>).
/// Only Unix calls these; every caller checks the platform first (see <see cref="Platform"/>).
/// </summary>
internal static partial class Libc
{
    /// <summary>The name the runtime resolves to the platform's C library.</summary>
    internal const string LibraryName = "libc";
}
