using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// In a worker, the first hosted service: it runs the worker side of the <see cref="ProcessLauncher"/> around the
/// app's Host (signals, heartbeats, readiness and parent death through the control channel).
/// </summary>
/// <remarks>
/// Order: <see cref="StartAsync"/> launches the worker and returns once the launcher starts the app — at once, or
/// at the promotion of a spare, so a spare's Kestrel does not accept before it is a worker; the other hosted services
/// (Kestrel among them) start after it. The launcher reports ready when the Host has started and every
/// <see cref="IOsloWorkerReadiness"/> passes. A graceful stop (SIGTERM) asks the Host to stop; <see cref="StoppingAsync"/>
/// drains (<see cref="IOsloWorkerDrain"/>) before any hosted service stops; <see cref="StoppedAsync"/>, after every
/// one has, lets the launcher's loop end and puts its status in <see cref="Environment.ExitCode"/>.
/// </remarks>
internal sealed class OsloWorkerHostedService(
    OsloWorkerRole role,
    IOptions<OsloWorkerOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    IEnumerable<IOsloWorkerReadiness> readiness,
    IEnumerable<IOsloWorkerDrain> drains,
    ILoggerFactory loggerFactory,
    IEnumerable<ConfigOpts> osloConfigs) : IHostedLifecycleService
{
    private HostedAppService? _app;
    private ProcessLauncher? _launcher;
    private Task<int>? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ILogger logger = loggerFactory.CreateLogger("Oslo.Service.Hosting");
        ConfigOpts? conf = osloConfigs.LastOrDefault();
        var config = new HostLauncherConfig(configuration, options.Value, conf is null ? null : new ConfigOptsLauncherConfig(conf), logger);
        _app = new HostedAppService(environment.ApplicationName, lifetime, readiness, drains);
        _launcher = new ProcessLauncher(
            config, options.Value.RestartMethod, loggerFactory, conf: null, role.Identity, TimeProvider.System, new DeferredLogger());
        _launcher.LaunchService(_app, options.Value.EffectiveWorkers);
        _loop = _launcher.WaitAsync(CancellationToken.None);
        await Task.WhenAny(_app.StartRequested, _loop).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        foreach (IOsloWorkerDrain drain in drains)
        {
            await drain.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is null || _launcher is null || _loop is null)
        {
            return;
        }

        _app.OnHostStopped();
        if (!_app.StopRequested)
        {
            // The app stopped on its own (StopApplication, a failed BackgroundService): end the loop too.
            await _launcher.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Environment.ExitCode = await _loop.ConfigureAwait(false);
        await _launcher.DisposeAsync().ConfigureAwait(false);
    }
}
