using Microsoft.Extensions.Logging;

using Oslo.Service.Threading;

namespace Oslo.Service.Launching;

/// <summary>
/// oslo's <c>Service</c>: a <see cref="ServiceBase"/> that owns a <see cref="Threading.ThreadGroup"/> (oslo's
/// <c>self.tg</c>) for its threads and timers. Start and reset do nothing; stop stops the group; wait waits for it.
/// Derive from it and add threads or timers in an overridden <see cref="StartAsync"/>.
/// </summary>
public class Service : ServiceBase
{
    /// <summary>oslo's default thread count of a service's group.</summary>
    public const int DefaultThreads = 1000;

    /// <summary>Creates the service and its thread group.</summary>
    /// <param name="threads">The group's pool size (oslo's <c>threads=1000</c>).</param>
    /// <param name="timeProvider">The clock of the group's timers.</param>
    /// <param name="loggerFactory">Where the group logs.</param>
    public Service(int threads = DefaultThreads, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ThreadGroup = new ThreadGroup(threads, timeProvider, loggerFactory);
    }

    /// <summary>The service's threads and timers (oslo's <c>tg</c>).</summary>
    public ThreadGroup ThreadGroup { get; }

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Stops the thread group: gracefully lets threads finish, otherwise cancels them.</summary>
    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) =>
        ThreadGroup.StopAsync(graceful, cancellationToken);

    /// <summary>Waits for the thread group's threads and timers.</summary>
    public override Task WaitAsync(CancellationToken cancellationToken = default) => ThreadGroup.WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
