namespace Oslo.Service.Interop;

/// <summary>Raw signal numbers the ProcessLauncher uses beyond the launcher's five (Linux values).</summary>
internal static class ExtraSignalNumbers
{
    /// <summary><c>SIGUSR2</c>: the parent-death signal of workers (<c>PR_SET_PDEATHSIG</c>).</summary>
    internal const int SigUsr2 = 12;

    /// <summary><c>SIGSTOP</c>.</summary>
    internal const int SigStop = 19;
}
