using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// In the parent, the only hosted service (the app's own ones, Kestrel among them, were removed when the container
/// was built): it binds what the workers inherit (<see cref="IOsloParentStartup"/>), then runs the
/// <see cref="ProcessLauncher"/> that starts this program again as each worker and supervises them. When the launcher's
/// loop ends (SIGTERM, SIGINT, a crash loop) the Host stops and <see cref="Environment.ExitCode"/> holds its status,
/// which <c>app.Run()</c> returns from <c>Main</c>.
/// </summary>
/// <remarks>
/// A startup failure (an endpoint that cannot be bound, an invalid <c>Oslo</c> section) is one critical line
/// "Cannot start: …", exit status 1, and no worker is started.
/// </remarks>
internal sealed class OsloSupervisorHostedService(
    IOptions<OsloWorkerOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    IEnumerable<IOsloParentStartup> startups,
    ILoggerFactory loggerFactory,
    IEnumerable<ConfigOpts> osloConfigs) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Oslo.Service.Hosting");
    private readonly List<IOsloParentStartup> _started = [];
    private ProcessLauncher? _launcher;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        OsloWorkerOptions settings;
        try
        {
            settings = options.Value;
            foreach (IOsloParentStartup startup in startups)
            {
                await startup.StartAsync(cancellationToken).ConfigureAwait(false);
                _started.Add(startup);
            }
        }
        catch (Exception exception) when (exception is OsloStartupException or OptionsValidationException)
        {
            _logger.StartupFailed(exception.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        ConfigOpts? conf = osloConfigs.LastOrDefault();
        var config = new HostLauncherConfig(configuration, settings, conf is null ? null : new ConfigOptsLauncherConfig(conf), _logger);
        SupervisionSettings supervision = settings.ToSupervisionSettings();
        _logger.SupervisorStarting(settings.EffectiveWorkers, environment.ApplicationName, Environment.ProcessId);
        _launcher = new ProcessLauncher(
            config, settings.RestartMethod, loggerFactory, conf: null, worker: null, TimeProvider.System, new DeferredLogger(), settings: supervision);
        _launcher.LaunchService(new HostedAppService(environment.ApplicationName, lifetime, []), settings.EffectiveWorkers);
        _loop = RunAsync(_launcher);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_launcher is not null)
        {
            if (!_loop!.IsCompleted)
            {
                await _launcher.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            await _loop.ConfigureAwait(false);
            await _launcher.DisposeAsync().ConfigureAwait(false);
        }

        for (int i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ProcessLauncher launcher)
    {
        Environment.ExitCode = await launcher.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        lifetime.StopApplication();
    }
}
