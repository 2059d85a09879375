using Microsoft.Extensions.Logging;

namespace Oslo.Service.Launching;

public partial class Launcher
{
    internal static Launcher LaunchCore(
        ILauncherConfig config,
        ServiceBase service,
        int? workers,
        RestartMethod restartMethod,
        ILoggerFactory? loggerFactory,
        LauncherRuntime? runtime)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (workers is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "Number of workers should be positive!");
        }

        RestartMethods.Validate(restartMethod);
        if (workers is not (null or 1))
        {
            throw new NotSupportedException(
                $"Running {workers} workers needs the ProcessLauncher, which arrives with issue 5 (multi-process launcher); "
                + "until then launch with workers: 1 (or null) to run the service in this process.");
        }

        var launcher = new ServiceLauncher(config, restartMethod, loggerFactory, runtime);
        launcher.LaunchService(service, workers);
        return launcher;
    }
}
