namespace Oslo.Service.Launching;

/// <summary>
/// The base of every service a launcher runs: oslo's four-method contract (start, stop, wait, reset) in async form.
/// </summary>
/// <remarks>
/// Lifecycle as the launchers drive it: <see cref="StartAsync"/> once when launched; <see cref="WaitAsync"/> after a
/// stop, to let the service finish; on SIGHUP in a daemon with restart method <see cref="RestartMethod.Reload"/>:
/// <see cref="StopAsync"/>, <see cref="WaitAsync"/>, <see cref="ResetAsync"/>, then <see cref="StartAsync"/> again
/// on the same instance; with <see cref="RestartMethod.Mutate"/> only <see cref="ResetAsync"/>. A launcher only
/// accepts <see cref="ServiceBase"/> instances (or adapts Generic Host services, see <c>Oslo.Service.Hosting</c>).
/// </remarks>
public abstract class ServiceBase
{
    /// <summary>Starts the service. The launcher reports readiness once every service's start has completed.</summary>
    /// <param name="cancellationToken">Cancelled when the launcher is told to stop while the start is still running.</param>
    public abstract Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the service.</summary>
    /// <param name="graceful">True (the default, here and on every <c>StopAsync</c> of this library) to let work in
    /// flight finish, as on SIGTERM and reload; false to abandon it, as on SIGINT. oslo's default was false (see
    /// docs/differences.md). An override must keep the default true: C# takes a default from the type a call is
    /// made through.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting: what is left is abandoned.</param>
    public abstract Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default);

    /// <summary>Completes when the service has finished after a stop.</summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public abstract Task WaitAsync(CancellationToken cancellationToken = default);

    /// <summary>Called when a daemon receives SIGHUP, after the configuration was reloaded or mutated.</summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public abstract Task ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>The service's name in log lines; the type name unless overridden.</summary>
    public override string ToString() => GetType().Name;
}
