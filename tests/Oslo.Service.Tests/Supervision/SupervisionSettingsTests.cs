using Oslo.Config;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

public sealed class SupervisionSettingsTests
{
    [Fact]
    public void FromConfig_RegisteredAfterParse_ReadsTheFile()
    {
        string file = Path.Combine(Path.GetTempPath(), $"oslo-supervision-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "[process_launcher]\nheartbeat_timeout = 2\nboot_timeout = 7\nboot_failure_threshold = 5\nrestart_backoff_max = 7.5\nspare_workers = 1\n");
        try
        {
            var conf = new ConfigOpts();
            conf.Parse(["--config-file", file]);

            SupervisionSettings settings = SupervisionSettings.FromConfig(conf);

            Assert.Equal(TimeSpan.FromSeconds(2), settings.HeartbeatTimeout);
            Assert.Equal(TimeSpan.FromMilliseconds(500), settings.HeartbeatInterval);
            Assert.Equal(5, settings.BootFailureThreshold);
            Assert.Equal(TimeSpan.FromSeconds(7), settings.BootTimeout);
            Assert.Equal(TimeSpan.FromSeconds(7.5), settings.BackoffMax);
            Assert.Equal(1, settings.SpareWorkers);
            Assert.Equal(10, settings.RestartIntensity);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FromConfig_NotParsed_Defaults() =>
        Assert.Equal(SupervisionSettings.Default, SupervisionSettings.FromConfig(new ConfigOpts()));

    [Fact]
    public void ListOpts_PublishesTheGroupForTheGenerator()
    {
        (OptGroup? group, IReadOnlyList<Opt> opts) = Assert.Single(SupervisionOptions.ListOpts());

        Assert.Equal("process_launcher", group!.Name);
        Assert.Contains(opts, o => o.Name == "restart_intensity" && Equals(o.Default, 10));
        Assert.Contains(opts, o => o.Name == "spare_workers" && Equals(o.Default, 0));
        Assert.Contains(opts, o => o.Name == "boot_timeout" && Equals(o.Default, 120));
    }
}
