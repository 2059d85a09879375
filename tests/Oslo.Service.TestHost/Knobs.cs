using System.Globalization;

namespace Oslo.Service.TestHost;

/// <summary>How the test host behaves, from TESTHOST_* environment variables.</summary>
internal sealed record Knobs(string Kind, string RestartMethod, bool FailStart, int StopDelayMs, int ResetDelayMs)
{
    public static Knobs FromEnvironment() => new(
        Environment.GetEnvironmentVariable("TESTHOST_KIND") ?? "oslo",
        Environment.GetEnvironmentVariable("TESTHOST_RESTART") ?? "reload",
        Environment.GetEnvironmentVariable("TESTHOST_FAIL_START") == "1",
        Number("TESTHOST_STOP_DELAY_MS"),
        Number("TESTHOST_RESET_DELAY_MS"));

    private static int Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : 0;
}
