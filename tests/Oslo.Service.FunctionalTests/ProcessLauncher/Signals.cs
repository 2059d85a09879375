namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>Linux signal numbers the ProcessLauncher tests send beyond the harness's four.</summary>
internal static class Signals
{
    public const int SigCont = 18;
    public const int SigStop = 19;
    public const int SigTtin = 21;
    public const int SigTtou = 22;
}
