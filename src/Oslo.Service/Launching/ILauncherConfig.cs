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

    /// <summary>
    /// <c>[process_launcher] drain_delay</c>: how long readiness says 503 while requests are still served, before the
    /// services are stopped; the graceful deadline starts after it.
    /// </summary>
    TimeSpan DrainDelay => TimeSpan.Zero;

    /// <summary>
    /// How long a start may be reported to systemd as still progressing (<c>EXTEND_TIMEOUT_USEC</c>); zero sends none.
    /// A process launcher's start is its workers' boot, so this is <c>[process_launcher] boot_timeout</c>.
    /// </summary>
    TimeSpan StartExtensionLimit => TimeSpan.Zero;

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
