using System.Buffers;
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
            return Decode(ReadAll(handle, size));
        }
        catch (IOException e)
        {
            throw new ConfigFileReadException(path, e.Message);
        }
    }

    // The whole file into one pooled buffer, then one string: a StreamReader sized to the file allocated a char
    // buffer and a byte buffer as large as the file again on every parse and reload.
    private static (byte[] Buffer, int Length) ReadAll(SafeFileHandle handle, long size)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(size + 1, 1, Array.MaxLength));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // The file grew while it was read.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    // UTF-8, a byte-order mark skipped; a UTF-16 or UTF-32 mark is honoured as File.ReadAllText does.
    private static string Decode((byte[] Buffer, int Length) read)
    {
        try
        {
            ReadOnlySpan<byte> bytes = read.Buffer.AsSpan(0, read.Length);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
                || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            {
                using var reader = new StreamReader(new MemoryStream(read.Buffer, 0, read.Length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return reader.ReadToEnd();
            }

            return Encoding.UTF8.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(read.Buffer);
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
