using System.Runtime.InteropServices;

using Microsoft.Win32.SafeHandles;

using Oslo.Service.Interop;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>
/// Reads the PEM files of <c>[ssl]</c> so that whatever stands at the path turns into one
/// <see cref="SslConfigurationException"/> naming the option and the file: an unreadable file, a directory, a symlink
/// loop, and a FIFO, socket or device, which is refused instead of opened (a FIFO's open and read would block a
/// SIGHUP reload, and the SIGTERM after it, until a writer came).
/// </summary>
internal static class TlsFiles
{
    // Certificates, chains and keys are kilobytes; anything this large is not one (or is /dev/zero behind a name).
    private const long MaxBytes = 1 << 20;

    /// <summary>The file's text.</summary>
    /// <param name="option">The option naming it (<c>cert_file</c>), for the message.</param>
    /// <param name="path">The file.</param>
    /// <exception cref="SslConfigurationException">It cannot be read, or is not a regular file.</exception>
    internal static string ReadText(string option, string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new SslConfigurationException($"Unable to read {option} {path}: it is a directory, not a regular file");
            }

            using SafeFileHandle handle = OpenWithoutBlocking(path);
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
            if (!stream.CanSeek)
            {
                throw new SslConfigurationException($"Unable to read {option} {path}: not a regular file (a FIFO, socket or device)");
            }

            if (stream.Length > MaxBytes)
            {
                throw new SslConfigurationException($"Unable to read {option} {path}: larger than {MaxBytes} bytes, not a PEM file");
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SslConfigurationException($"Unable to read {option} {path}: {e.Message}", e);
        }
    }

    private static SafeFileHandle OpenWithoutBlocking(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }

        int fd = Libc.Open(path, Libc.ORdOnly | Libc.ONonBlock | Libc.OCloExec | Libc.ONoCtty);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string reason = Marshal.GetPInvokeErrorMessage(errno);
            throw errno is Libc.EAcces or Libc.EPerm ? new UnauthorizedAccessException(reason) : new IOException(reason);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
