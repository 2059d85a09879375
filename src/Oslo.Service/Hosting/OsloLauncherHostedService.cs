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
    IHostApplicationLifetime lifetime) : IHostedService
{
    private ServiceLauncher? _launcher;
    private Task? _loop;
    private bool _exited;

    /// <summary>Launches the services and returns once they have all started (or the launcher has ended).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LauncherRuntime runtime = LauncherRuntime.CreateDefault(loggerFactory.CreateLogger("Oslo.Service.Launching")) with
        {
            // An instantaneous exit (SIGINT, the graceful deadline, a second SIGTERM) ends the Host, not the process
            // from inside a library: the launcher's loop returns the status, the Host stops without stopping the
            // services again, and Main returns the status from Environment.ExitCode.
            Exit = status =>
            {
                Volatile.Write(ref _exited, true);
                Environment.ExitCode = status;
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
        if (_launcher is not null && !Volatile.Read(ref _exited))
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
