using System.Runtime.InteropServices;

namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary><c>POLLIN</c>.</summary>
    internal const short POLLIN = 0x1;

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        /// <summary>The descriptor.</summary>
        public int Fd;

        /// <summary>The events waited for.</summary>
        public short Events;

        /// <summary>The events that happened.</summary>
        public short ReturnedEvents;
    }

    /// <summary><c>read(2)</c> of an eventfd's 8-byte counter.</summary>
    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    internal static partial nint ReadCounter(int fd, out ulong value, nint count);

    /// <summary><c>write(2)</c> of an eventfd's 8-byte counter.</summary>
    [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
    internal static partial nint WriteCounter(int fd, in ulong value, nint count);
}
