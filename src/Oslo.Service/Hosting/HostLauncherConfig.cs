using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// The launcher's view of a Host's configuration: the graceful timeout from <see cref="OsloWorkerOptions"/>, and a
/// SIGHUP that re-reads every configuration source (appsettings.json, and an oslo <c>--config-file</c> when the
/// app registered its <c>ConfigOpts</c>).
/// </summary>
internal sealed class HostLauncherConfig(IConfiguration configuration, OsloWorkerOptions options, ILauncherConfig? oslo, ILogger logger) : ILauncherConfig
{
    public TimeSpan GracefulShutdownTimeout => options.GracefulShutdownTimeout;

    public TimeSpan DrainDelay => options.DrainDelay;

    public TimeSpan StartExtensionLimit => options.BootTimeout;

    public bool LogOptions => oslo?.LogOptions ?? false;

    public Oslo.Config.ConfigOpts? Conf => oslo?.Conf;

    public void RegisterServiceOptions() => oslo?.RegisterServiceOptions();

    public bool ReloadConfigFiles() => (oslo?.ReloadConfigFiles() ?? true) && ReloadRoot();

    public bool MutateConfigFiles() => (oslo?.MutateConfigFiles() ?? true) && ReloadRoot();

    public void LogOptionValues(ILogger logger) => oslo?.LogOptionValues(logger);

    private bool ReloadRoot()
    {
        if (configuration is not IConfigurationRoot root)
        {
            return true;
        }

        try
        {
            root.Reload();
            return true;
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            // The JSON provider throws on a broken appsettings.json; the old values stay and nothing is restarted.
            logger.ConfigurationReloadFailed(exception.Message);
            return false;
        }
    }
}
