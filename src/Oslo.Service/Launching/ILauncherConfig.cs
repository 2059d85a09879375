using Microsoft.Extensions.Logging;

namespace Oslo.Service.Launching;

/// <summary>
/// What a launcher needs from the configuration: the service options, and the reload / mutate / log operations.
/// The real implementation wraps <c>Oslo.Config.ConfigOpts</c>; unit tests count calls.
/// </summary>
internal interface ILauncherConfig
{
    /// <summary>The wrapped configuration, for process extensions; null in unit tests that count calls.</summary>
    Oslo.Config.ConfigOpts? Conf => null;

    /// <summary>Registers the oslo.service options (idempotent).</summary>
    void RegisterServiceOptions();

    /// <summary><c>graceful_shutdown_timeout</c>; <see cref="TimeSpan.Zero"/> means wait forever.</summary>
    TimeSpan GracefulShutdownTimeout { get; }

    /// <summary><c>log_options</c>.</summary>
    bool LogOptions { get; }

    /// <summary>Re-reads every config file, all or nothing.</summary>
    /// <returns>False (old values kept, the error logged) when a file is broken.</returns>
    bool ReloadConfigFiles();

    /// <summary>Applies the mutable options of the config files and calls the mutate hooks.</summary>
    /// <returns>False (old values kept, the error logged) when a file is broken.</returns>
    bool MutateConfigFiles();

    /// <summary>Logs every option value at debug level, secrets masked.</summary>
    void LogOptionValues(ILogger logger);
}
