using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// Runs the oslo services registered in a Generic Host app under a <see cref="ServiceLauncher"/>, so the app gets
/// oslo's signal semantics and lifecycle: the launcher owns SIGTERM/SIGINT/SIGHUP, and when its loop ends the Host
/// is stopped with the launcher's exit status in <see cref="Environment.ExitCode"/>.
/// </summary>
internal sealed class OsloLauncherHostedService(
    OsloLauncherSettings settings,
    IEnumerable<ServiceBase> services,
    ILoggerFactory loggerFactory,
    IEnumerable<ILoggerProvider> loggerProviders,
    IHostApplicationLifetime lifetime) : IHostedService
{
    private ServiceLauncher? _launcher;
    private Task? _loop;

    /// <summary>Launches the services and returns once they have all started (or the launcher has ended).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LauncherRuntime runtime = LauncherRuntime.CreateDefault(loggerFactory.CreateLogger("Oslo.Service.Launching")) with
        {
            // The Host's console logger writes from a queue: flush it before an instantaneous exit. The providers
            // are disposed one by one because the Host's LoggerFactory does not dispose the providers it was given
            // by the container (disposing only the factory dropped "Caught SIGINT signal, instantaneous exiting").
            Exit = status =>
            {
                foreach (ILoggerProvider provider in loggerProviders)
                {
                    provider.Dispose();
                }

                Environment.Exit(status);
            },
        };
        _launcher = new ServiceLauncher(new ConfigOptsLauncherConfig(settings.Conf), settings.RestartMethod, loggerFactory, runtime);
        foreach (ServiceBase service in services)
        {
            _launcher.LaunchService(service);
        }

        _loop = RunAsync(_launcher);
        await Task.WhenAny(_launcher.Ready, _loop).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the services through the launcher's loop (graceful, with <c>graceful_shutdown_timeout</c>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_launcher is not null)
        {
            await _launcher.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ServiceLauncher launcher)
    {
        int status = await launcher.WaitAsync().ConfigureAwait(false);
        Environment.ExitCode = status;
        lifetime.StopApplication();
    }
}
