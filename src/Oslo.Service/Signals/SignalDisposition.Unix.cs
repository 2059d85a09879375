using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

internal static partial class SignalDisposition
{
    // Larger than struct sigaction on glibc (152 bytes on x86-64), musl and macOS.
    private const int SigActionBufferSize = 512;

    private static unsafe partial IntPtr GetHandler(int number)
    {
        byte* buffer = stackalloc byte[SigActionBufferSize];
        if (Libc.SigAction(number, null, buffer) != 0)
        {
            return Libc.SigDfl;
        }

        // The handler pointer is the first member of struct sigaction everywhere we run.
        return *(IntPtr*)buffer;
    }

    private static partial bool ResetToDefault(int number) => Libc.Signal(number, Libc.SigDfl) != new IntPtr(-1);

    private static unsafe partial bool CopyAction(int from, int to)
    {
        byte* buffer = stackalloc byte[SigActionBufferSize];
        return Libc.SigAction(from, null, buffer) == 0 && Libc.SigAction(to, buffer, null) == 0;
    }
}
