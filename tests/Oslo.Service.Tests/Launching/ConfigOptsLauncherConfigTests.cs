using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Launching;

public sealed class ConfigOptsLauncherConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-launcher-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Start-up validation runs before the ProcessLauncher reads its settings; the launcher's own groups must already be
    // registered then, or a config file that sets them draws "[process_launcher] is not a group …; its 1 option(s) are
    // not used" (a warning at every start, an error under UnknownOptions = Error).
    [Fact]
    public void RegisterServiceOptions_KnowsTheLaunchersOwnGroups_BeforeValidating()
    {
        string file = Path.Combine(_dir, "app.conf");
        File.WriteAllText(file, """
            [DEFAULT]
            graceful_shutdown_timeout = 5

            [process_launcher]
            restart_intensity = 4
            drain_delay = 1
            worker_memory_budget_mb = 512
            max_requests = 1000

            [metrics]
            enabled = false

            [control]
            socket_path =
            """);
        var conf = new ConfigOpts { UnknownOptions = UnknownOptionHandling.Error };
        conf.Parse(["--config-file", file]);

        new ConfigOptsLauncherConfig(conf).RegisterServiceOptions();

        Assert.Equal(4, conf.Get(SupervisionOptions.RestartIntensity, SupervisionOptions.Group));
    }

    [Fact]
    public void RegisterServiceOptions_StillReportsATypoedSection()
    {
        string file = Path.Combine(_dir, "app.conf");
        File.WriteAllText(file, "[proces_launcher]\nrestart_intensity = 4\n");
        var conf = new ConfigOpts { UnknownOptions = UnknownOptionHandling.Error };
        conf.Parse(["--config-file", file]);

        var error = Assert.Throws<UnknownOptionException>(() => new ConfigOptsLauncherConfig(conf).RegisterServiceOptions());
        Assert.Contains("proces_launcher", error.Message, StringComparison.Ordinal);
    }
}
