using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Config;
using Oslo.Service.Control;
using Oslo.Service.Logging;
using Oslo.Service.Metrics;
using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

/// <summary>The launcher's view of a <see cref="ConfigOpts"/>: the oslo.service options and reload / mutate / log.</summary>
internal sealed class ConfigOptsLauncherConfig(ConfigOpts conf) : ILauncherConfig
{
    private ILogger _logger = NullLogger.Instance;

    /// <summary>The wrapped configuration.</summary>
    public ConfigOpts Conf { get; } = conf ?? throw new ArgumentNullException(nameof(conf));

    /// <summary>Where failures to apply the files are logged; the launcher sets its own logger.</summary>
    public ILogger Logger
    {
        get => _logger;
        set => _logger = value ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public TimeSpan GracefulShutdownTimeout =>
        TimeSpan.FromSeconds(Math.Max(0, Read(ServiceOptions.GracefulShutdownTimeout, 60)));

    /// <inheritdoc/>
    public TimeSpan DrainDelay => Conf.IsParsed ? DrainOptions.Read(Conf) : TimeSpan.Zero;

    /// <inheritdoc/>
    public TimeSpan StartExtensionLimit => SupervisionSettings.FromConfig(Conf).BootTimeout;

    /// <inheritdoc/>
    public bool LogOptions => Read(ServiceOptions.LogOptions, true);

    /// <inheritdoc/>
    public void RegisterServiceOptions()
    {
        ServiceOptions.RegisterServiceOpts(Conf);

        // The launcher's own groups are registered before the check, not when the ProcessLauncher first reads them:
        // otherwise a config file that sets [process_launcher], [metrics] or [control] draws an "unknown group"
        // warning at every start (an error under UnknownOptions = Error).
        SupervisionOptions.Register(Conf);
        DrainOptions.Register(Conf);
        MemoryBudgetOptions.Register(Conf);
        RecycleOptions.Register(Conf);
        MetricsOptions.Register(Conf);
        ControlOptions.Register(Conf);
        if (Conf.IsParsed)
        {
            Conf.Validate(); // fail fast: every value checked before a service starts (one line, exit 1)
        }
    }

    /// <inheritdoc/>
    public bool ReloadConfigFiles()
    {
        try
        {
            // ConfigOpts logs the broken file itself and keeps every old value.
            return Conf.ReloadConfigFiles(validate: true);
        }
        catch (OsloConfigException exception)
        {
            _logger.ConfigApplyFailed(exception.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public bool MutateConfigFiles()
    {
        try
        {
            // ConfigOpts logs a broken file itself ("Caught Error while mutating configure files") and keeps every old value.
            return Conf.MutateConfigFiles(validate: true).Succeeded;
        }
        catch (OsloConfigException exception)
        {
            _logger.ConfigApplyFailed(exception.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public void LogOptionValues(ILogger target)
    {
        try
        {
            Conf.LogOptValues(target, LogLevel.Debug);
        }
        catch (OsloConfigException exception)
        {
            _logger.ConfigApplyFailed(exception.Message);
        }
    }

    // Before Parse (a launcher built in a test or before the command line is read) the option defaults apply.
    private T Read<T>(Opt<T?> opt, T fallback)
        where T : struct
    {
        if (!Conf.IsParsed)
        {
            return fallback;
        }

        try
        {
            return Conf.Get(opt) is T value ? value : fallback;
        }
        catch (OsloConfigException)
        {
            return fallback;
        }
    }
}
