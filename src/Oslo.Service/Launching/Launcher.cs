using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Hosting;
using Oslo.Service.Logging;

namespace Oslo.Service.Launching;

/// <summary>
/// oslo's <c>Launcher</c>: runs services in this process, without signal handling. Registers the service options on
/// the configuration it is given (never a global one). <see cref="ServiceLauncher"/> adds signals and systemd.
/// </summary>
public partial class Launcher : IAsyncDisposable
{
    private readonly bool _ownsLoggerFactory;
    private int _disposed;

    /// <summary>Creates a launcher for services configured by <paramref name="conf"/> and registers the service options on it.</summary>
    /// <param name="conf">The configuration (oslo's <c>conf</c>); the launcher reloads or mutates it on SIGHUP.</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    /// <param name="loggerFactory">Where to log; a console logger when null.</param>
    /// <exception cref="ArgumentException">"Invalid restart_method: …" for a value outside the enum.</exception>
    public Launcher(ConfigOpts conf, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null)
        : this(new ConfigOptsLauncherConfig(conf), restartMethod, loggerFactory)
    {
    }

    internal Launcher(ILauncherConfig config, RestartMethod restartMethod, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        config.RegisterServiceOptions();
        _ownsLoggerFactory = loggerFactory is null;
        LoggerFactory = loggerFactory ?? DefaultLogging.CreateLoggerFactory();
        Logger = LoggerFactory.CreateLogger("Oslo.Service.Launching");
        if (config is ConfigOptsLauncherConfig conf)
        {
            conf.Logger = Logger;
        }

        Services = new Services(restartMethod, Logger);
    }

    /// <summary>What a SIGHUP in a daemon does.</summary>
    public RestartMethod RestartMethod => Services.RestartMethod;

    /// <summary>The services launched so far.</summary>
    public Services Services { get; }

    /// <summary>The logger factory of the launcher (a console one when none was given).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The launcher's own logger.</summary>
    protected ILogger Logger { get; }

    internal ILauncherConfig Config { get; }

    /// <summary>Launches a service: it starts at once, in the background.</summary>
    /// <param name="service">The service.</param>
    /// <param name="workers">Must be null or 1 here; more workers need a process launcher.</param>
    /// <exception cref="ArgumentException">"Launcher asked to start multiple workers" (oslo's ValueError).</exception>
    public virtual void LaunchService(ServiceBase service, int? workers = 1)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (workers is not (null or 1))
        {
            throw new ArgumentException("Launcher asked to start multiple workers", nameof(workers));
        }

        Services.Add(service);
    }

    /// <summary>
    /// Launches a service given as any object: a <see cref="ServiceBase"/>, an
    /// <see cref="Microsoft.Extensions.Hosting.IHostedService"/>, an <see cref="Microsoft.Extensions.Hosting.IHost"/>
    /// or a <see cref="Func{IHost}"/> factory (adapted by <see cref="HostingServiceAdapters"/>).
    /// </summary>
    /// <exception cref="ArgumentException">"Service … must be an instance of …ServiceBase!" for anything else (oslo's TypeError).</exception>
    public void LaunchService(object service, int? workers = 1) =>
        LaunchService(HostingServiceAdapters.AsServiceBase(service), workers);

    /// <summary>Stops every service gracefully (reverse start order) and releases <see cref="WaitAsync"/>. Safe to call twice.</summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public virtual Task StopAsync(CancellationToken cancellationToken = default) =>
        Services.StopAsync(graceful: true, cancellationToken);

    /// <summary>Waits until the services have been stopped and have finished.</summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    /// <returns>The process exit status: 0.</returns>
    public virtual async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        await Services.WaitAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// oslo's <c>Launcher.restart()</c>: reloads (<see cref="RestartMethod.Reload"/>) or mutates
    /// (<see cref="RestartMethod.Mutate"/>) the configuration, then restarts the services. When a config file is
    /// broken, nothing is restarted and the services keep running with the previous values.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    /// <returns>True when the configuration was applied and the services restarted.</returns>
    public virtual async Task<bool> RestartAsync(CancellationToken cancellationToken = default)
    {
        bool applied = RestartMethod == RestartMethod.Reload ? Config.ReloadConfigFiles() : Config.MutateConfigFiles();
        if (!applied)
        {
            Logger.ConfigReloadFailed(RestartMethod.ToOsloName());
            return false;
        }

        await Services.RestartAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Disposes the logger factory when the launcher created it.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the launcher owns.</summary>
    protected virtual ValueTask DisposeAsyncCore()
    {
        FlushOwnedLogging();
        return ValueTask.CompletedTask;
    }

    /// <summary>Flushes (by disposing) the console logging the launcher created itself, before the process ends.</summary>
    private protected void FlushOwnedLogging()
    {
        if (_ownsLoggerFactory && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LoggerFactory.Dispose();
        }
    }

    /// <summary>
    /// Just before <see cref="Environment.Exit(int)"/>: flushes the logging, also a factory the launcher was given
    /// (a Generic Host's). A console logger writes from a queue that an immediate exit would drop, taking oslo's
    /// "Caught SIGINT signal, instantaneous exiting" with it; the process ends next, so nobody logs through the
    /// factory afterwards (a disposed console logger writes directly anyway).
    /// </summary>
    private protected void FlushLoggingBeforeExit()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LoggerFactory.Dispose();
        }
    }

    private protected void LogOptionValuesIfEnabled()
    {
        // Rendering every value costs a few milliseconds of a start or reload; skip it when nobody would see it.
        if (Config.LogOptions && Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.FullConfigurationLogging();
            Config.LogOptionValues(Logger);
        }
    }
}
