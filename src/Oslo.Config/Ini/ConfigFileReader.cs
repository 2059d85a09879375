using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

using Microsoft.Win32.SafeHandles;

using Oslo.Config.Interop;

namespace Oslo.Config.Ini;

/// <summary>
/// Reads a config file's text, refusing anything that is not a regular file. A FIFO named <c>x.conf</c> in a
/// <c>--config-dir</c> would otherwise block the read forever (and a SIGHUP reload with it), and <c>/dev/zero</c>
/// behind a symlink would never end; on Linux the file is opened non-blocking and checked with <c>statx</c> before
/// a byte is read.
/// </summary>
internal static class ConfigFileReader
{
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int EAcces = 13;
    private const int EPerm = 1;

    /// <summary>The file's text (UTF-8; a byte-order mark is skipped).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened for reading.</exception>
    /// <exception cref="ConfigFileReadException">Anything else: not a regular file, a symlink loop, an I/O error.</exception>
    public static string ReadAllText(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return ReadPortable(path);
        }

        int fd = Libc.Open(path, Libc.ORdOnly | Libc.ONonBlock | Libc.ONoCtty | Libc.OCloExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                ENoEnt or ENotDir => new FileNotFoundException($"No such file: {path}", path),
                EAcces or EPerm => new UnauthorizedAccessException($"Permission denied: {path}"),
                _ => new ConfigFileReadException(path, Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        byte[] stat = new byte[Libc.StatxBufferSize];
        if (Libc.Statx(fd, "", Libc.AtEmptyPath, Libc.StatxType | Libc.StatxSize, stat) != 0)
        {
            throw new ConfigFileReadException(path, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        int mode = BinaryPrimitives.ReadUInt16LittleEndian(stat.AsSpan(Libc.StatxModeOffset));
        if ((mode & 0xF000) != 0x8000)
        {
            throw new ConfigFileReadException(path, $"not a regular file ({Describe(mode)})");
        }

        long size = BinaryPrimitives.ReadInt64LittleEndian(stat.AsSpan(Libc.StatxSizeOffset));
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
                bufferSize: (int)Math.Clamp(size, 1, 64 * 1024));
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            throw new ConfigFileReadException(path, e.Message);
        }
    }

    private static string ReadPortable(string path)
    {
        try
        {
            if ((File.GetAttributes(path) & FileAttributes.Directory) != 0)
            {
                throw new ConfigFileReadException(path, "not a regular file (a directory)");
            }

            return File.ReadAllText(path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"No such file: {path}", path);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new ConfigFileReadException(path, e.Message);
        }
    }

    private static string Describe(int mode) => (mode & 0xF000) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => $"file type 0x{mode & 0xF000:x}",
    };
}
