using System.ComponentModel;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;

namespace Oslo.Service.Sockets;

/// <summary>
/// Sets or clears <c>FD_CLOEXEC</c> on a descriptor. .NET opens every descriptor close-on-exec, so a socket reaches
/// a child process only when the flag is cleared for the duration of the spawn.
/// </summary>
internal static class CloseOnExec
{
    /// <summary>Sets (<paramref name="closeOnExec"/> true) or clears the flag.</summary>
    /// <exception cref="Win32Exception">When <c>fcntl</c> fails (e.g. the descriptor is closed).</exception>
    internal static void Set(int fd, bool closeOnExec)
    {
        Platform.ThrowIfNotUnix("Passing sockets to worker processes");
        int flags = Libc.Fcntl(fd, Libc.FGetFd, 0);
        if (flags < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"fcntl(F_GETFD) failed on fd {fd}");
        }

        int wanted = closeOnExec ? flags | Libc.FdCloExec : flags & ~Libc.FdCloExec;
        if (wanted != flags && Libc.Fcntl(fd, Libc.FSetFd, wanted) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"fcntl(F_SETFD) failed on fd {fd}");
        }
    }

    /// <summary>
    /// Sets the flag on every open descriptor above 2 (Linux, from <c>/proc/self/fd</c>): whatever this process
    /// inherited, nothing it starts later inherits it in turn unless passed on deliberately.
    /// </summary>
    internal static void SetOnEveryDescriptor()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fd)
                && fd > 2 && !IsSet(fd))
            {
                // The directory's own descriptor is gone by now; any other failure leaves that descriptor as it was.
                int flags = Libc.Fcntl(fd, Libc.FGetFd, 0);
                if (flags >= 0)
                {
                    _ = Libc.Fcntl(fd, Libc.FSetFd, flags | Libc.FdCloExec);
                }
            }
        }
    }

    /// <summary>True when the flag is set.</summary>
    internal static bool IsSet(int fd)
    {
        int flags = Libc.Fcntl(fd, Libc.FGetFd, 0);
        return flags >= 0 && (flags & Libc.FdCloExec) != 0;
    }
}
