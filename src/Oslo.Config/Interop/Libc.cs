using System.Runtime.InteropServices;

namespace Oslo.Config.Interop;

/// <summary>
/// The libc calls <see cref="Ini.ConfigFileReader"/> needs to open a config file without blocking and check
/// that it is a regular file (Linux); <c>open</c> and its flags come from src/Shared/Interop, shared with
/// Oslo.Service. <c>statx</c> is used rather than <c>fstat</c> because its buffer layout is the same on every architecture.
/// </summary>
internal static partial class Libc
{
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;
    public const uint StatxSize = 0x200;

    /// <summary>Offset of <c>stx_mode</c> (u16) in <c>struct statx</c>.</summary>
    public const int StatxModeOffset = 28;

    /// <summary>Offset of <c>stx_size</c> (u64) in <c>struct statx</c>.</summary>
    public const int StatxSizeOffset = 40;

    /// <summary><c>sizeof(struct statx)</c> is 256 bytes.</summary>
    public const int StatxBufferSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
