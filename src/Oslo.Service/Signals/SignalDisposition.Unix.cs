using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

internal static partial class SignalDisposition
{
    // Larger than struct sigaction on glibc (152 bytes on x86-64), musl and macOS.
    private const int SigActionBufferSize = 512;

    private static unsafe partial bool IsIgnored(int number)
    {
        byte* buffer = stackalloc byte[SigActionBufferSize];
        if (Libc.SigAction(number, null, buffer) != 0)
        {
            return false;
        }

        // The handler pointer is the first member of struct sigaction everywhere we run.
        return *(IntPtr*)buffer == Libc.SigIgn;
    }

    private static partial bool ResetToDefault(int number) => Libc.Signal(number, Libc.SigDfl) != new IntPtr(-1);
}
