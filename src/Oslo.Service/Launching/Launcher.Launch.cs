using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Hosting;

namespace Oslo.Service.Launching;

public partial class Launcher
{
    /// <summary>
    /// oslo's <c>launch(conf, service, workers, restart_method)</c>: picks the launcher by worker count, launches the
    /// service (it starts at once) and returns the launcher; the caller then awaits <see cref="WaitAsync"/> and exits
    /// with its status.
    /// </summary>
    /// <param name="conf">The configuration, passed explicitly (never a global).</param>
    /// <param name="service">The service.</param>
    /// <param name="workers">1: a <see cref="ServiceLauncher"/> in this process; more: a <see cref="ProcessLauncher"/>.</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    /// <param name="loggerFactory">Where to log; a console logger when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">"Number of workers should be positive!" for 0 or less.</exception>
    /// <exception cref="ArgumentException">"Invalid restart_method: …".</exception>
    public static Launcher Launch(ConfigOpts conf, ServiceBase service, int workers = 1, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null) =>
        LaunchCore(new ConfigOptsLauncherConfig(conf), service, workers, restartMethod, loggerFactory, null);

    /// <summary>
    /// <see cref="Launch(ConfigOpts, ServiceBase, int, RestartMethod, ILoggerFactory?)"/> for a Generic Host
    /// background service, run through <see cref="HostedServiceAdapter"/>.
    /// </summary>
    public static Launcher Launch(ConfigOpts conf, IHostedService service, int workers = 1, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null) =>
        Launch(conf, new HostedServiceAdapter(service), workers, restartMethod, loggerFactory);

    /// <summary>
    /// <see cref="Launch(ConfigOpts, ServiceBase, int, RestartMethod, ILoggerFactory?)"/> for a whole Generic Host
    /// app, run through <see cref="HostAdapter"/>. A built Host cannot start again, so a SIGHUP with
    /// <see cref="RestartMethod.Reload"/> needs the factory overload.
    /// </summary>
    /// <exception cref="ArgumentException">"A built IHost cannot be launched with RestartMethod.Reload…" in one process with <see cref="RestartMethod.Reload"/>.</exception>
    public static Launcher Launch(ConfigOpts conf, IHost host, int workers = 1, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null) =>
        Launch(conf, new HostAdapter(host), workers, restartMethod, loggerFactory);

    /// <summary>
    /// <see cref="Launch(ConfigOpts, ServiceBase, int, RestartMethod, ILoggerFactory?)"/> for Generic Host apps built
    /// by <paramref name="hostFactory"/> at each start (so a reload starts a fresh Host), through <see cref="HostAdapter"/>.
    /// </summary>
    public static Launcher Launch(ConfigOpts conf, Func<IHost> hostFactory, int workers = 1, RestartMethod restartMethod = RestartMethod.Reload, ILoggerFactory? loggerFactory = null) =>
        Launch(conf, new HostAdapter(hostFactory), workers, restartMethod, loggerFactory);

    internal static Launcher LaunchCore(
        ILauncherConfig config,
        ServiceBase service,
        int workers,
        RestartMethod restartMethod,
        ILoggerFactory? loggerFactory,
        LauncherRuntime? runtime)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "Number of workers should be positive!");
        }

        RestartMethods.Validate(restartMethod);
        if (service is HostAdapter { IsSingleUse: true } && restartMethod == RestartMethod.Reload && workers == 1)
        {
            throw new ArgumentException(
                "A built IHost cannot be launched with RestartMethod.Reload: a Generic Host cannot start again, so a SIGHUP would stop it for good. "
                + "Pass a Func<IHost> that builds it (called again at each reload), use RestartMethod.Mutate, or run the app with builder.UseOsloWorkers().",
                nameof(service));
        }

        if (workers != 1 || NeedsWorkerProcess(service, restartMethod))
        {
            var processLauncher = ProcessLauncher.Create(config, restartMethod, loggerFactory, runtime?.TimeProvider);
            processLauncher.LaunchService(service, workers);
            return processLauncher;
        }

        var launcher = new ServiceLauncher(config, restartMethod, loggerFactory, runtime);
        launcher.LaunchService(service, workers);
        return launcher;
    }

    /// <summary>
    /// True for a Host factory that a SIGHUP would rebuild in this process while a socket shared through
    /// <see cref="Sockets.InheritedSockets"/> exists: a second Host cannot listen on that descriptor in the same
    /// process (the runtime keeps it registered with its epoll, so Kestrel's listener fails with EEXIST and new
    /// connections hang). The one worker then runs in a child process, as under <c>UseOsloWorkers</c>, and a reload
    /// replaces that process, readiness-gated, while the parent keeps the socket.
    /// </summary>
    private static bool NeedsWorkerProcess(ServiceBase service, RestartMethod restartMethod) =>
        service is HostAdapter { IsSingleUse: false }
        && restartMethod == RestartMethod.Reload
        && Sockets.InheritedSockets.Keys.Count > 0;
}
