using Oslo.Config;

using Xunit;

namespace Oslo.Service.Tests.Options;

/// <summary>oslo.service 4.x's <c>set_service_opts_defaults</c>: an application's defaults for the service options.</summary>
public sealed class ServiceOptsDefaultsTests
{
    [Fact]
    public void SetServiceOptsDefaults_NewDefaults_ReadWhenNoSourceSetsThem()
    {
        var conf = new ConfigOpts();
        ServiceOptions.SetServiceOptsDefaults(conf, gracefulShutdownTimeout: 5, logOptions: false);
        conf.Parse([]);

        Assert.Equal(5, conf.Get(ServiceOptions.GracefulShutdownTimeout));
        Assert.False(conf.Get(ServiceOptions.LogOptions));
    }

    [Fact]
    public void SetServiceOptsDefaults_OnlyOneGiven_TheOtherKeepsOslosDefault()
    {
        var conf = new ConfigOpts();
        ServiceOptions.SetServiceOptsDefaults(conf, gracefulShutdownTimeout: 5);
        conf.Parse([]);

        Assert.True(conf.Get(ServiceOptions.LogOptions));
        // Per configuration object: another one still has oslo's 60.
        var other = new ConfigOpts();
        ServiceOptions.RegisterServiceOpts(other);
        other.Parse([]);
        Assert.Equal(60, other.Get(ServiceOptions.GracefulShutdownTimeout));
    }

    [Fact]
    public void SetServiceOptsDefaults_FileSetsTheOption_TheFileWins()
    {
        string file = Path.Combine(Path.GetTempPath(), $"oslo-service-defaults-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "[DEFAULT]\ngraceful_shutdown_timeout = 42\n");
        try
        {
            var conf = new ConfigOpts();
            ServiceOptions.SetServiceOptsDefaults(conf, gracefulShutdownTimeout: 5);
            conf.Parse(["--config-file", file]);

            Assert.Equal(42, conf.Get(ServiceOptions.GracefulShutdownTimeout));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SetServiceOptsDefaults_NegativeTimeout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceOptions.SetServiceOptsDefaults(new ConfigOpts(), gracefulShutdownTimeout: -1));
}
