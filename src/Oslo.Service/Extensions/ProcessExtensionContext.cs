using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.Extensions;

/// <summary>What a launcher hands to a <see cref="IProcessExtension"/>: the process it starts in.</summary>
public sealed class ProcessExtensionContext
{
    private readonly Func<IReadOnlyList<ServiceBase>> _services;
    private string? _backdoorPort;

    /// <summary>Describes a process for its extensions.</summary>
    /// <param name="conf">The configuration the launcher was given.</param>
    /// <param name="loggerFactory">Where extensions log.</param>
    /// <param name="services">The services running in this process, read each time it is asked (services may be added later).</param>
    public ProcessExtensionContext(ConfigOpts conf, ILoggerFactory loggerFactory, Func<IReadOnlyList<ServiceBase>> services)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(services);
        Conf = conf;
        LoggerFactory = loggerFactory;
        _services = services;
    }

    /// <summary>The configuration the launcher was given.</summary>
    public ConfigOpts Conf { get; }

    /// <summary>Where extensions log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The launcher running this process's services; null when services run without one.</summary>
    public Launcher? Launcher { get; init; }

    /// <summary>Which process of the launch this is.</summary>
    public ProcessRole Role { get; init; } = ProcessRole.SingleProcess;

    /// <summary>The worker's index when <see cref="Role"/> is <see cref="ProcessRole.Worker"/>.</summary>
    public int? WorkerId { get; init; }

    /// <summary>The workers, when this process is a process launcher's parent.</summary>
    internal IWorkerStatusSource? Workers { get; init; }

    /// <summary>The services running in this process now.</summary>
    public IReadOnlyList<ServiceBase> Services => _services();

    /// <summary>Where the debug console listens in this process (oslo's <c>backdoor_port</c>), once published.</summary>
    public string? BackdoorPort => Volatile.Read(ref _backdoorPort);

    /// <summary>
    /// Publishes where the debug console listens: remembered here (the launcher copies it to services it launches
    /// later) and set on every current service that implements <see cref="IBackdoorPortAware"/>.
    /// </summary>
    /// <param name="where">The port (digits) or the Unix socket path.</param>
    public void PublishBackdoorPort(string? where)
    {
        Volatile.Write(ref _backdoorPort, where);
        foreach (ServiceBase service in Services)
        {
            if (service is IBackdoorPortAware aware)
            {
                aware.BackdoorPort = where;
            }
        }
    }
}
