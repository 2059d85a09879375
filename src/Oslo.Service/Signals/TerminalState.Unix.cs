using Oslo.Service.Interop;

namespace Oslo.Service.Signals;

internal static partial class TerminalState
{
    private static partial bool IsDaemonUnix()
    {
        // Opening /dev/tty fails (ENXIO) exactly when the process has no controlling terminal.
        int fd = Libc.Open("/dev/tty", Libc.ORdOnly | Libc.ONoCtty | Libc.OCloExec);
        if (fd < 0)
        {
            return true;
        }

        try
        {
            int foreground = Libc.TcGetPgrp(fd);
            return foreground < 0 || foreground != Libc.GetPgrp();
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
