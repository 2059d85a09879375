namespace Oslo.Service.Interop;

/// <summary>Raw signal numbers (identical on Linux and macOS for these five).</summary>
internal static class SignalNumbers
{
    /// <summary><c>SIGHUP</c>.</summary>
    internal const int SigHup = 1;

    /// <summary><c>SIGINT</c>.</summary>
    internal const int SigInt = 2;

    /// <summary><c>SIGKILL</c>.</summary>
    internal const int SigKill = 9;

    /// <summary><c>SIGTERM</c>.</summary>
    internal const int SigTerm = 15;
}
