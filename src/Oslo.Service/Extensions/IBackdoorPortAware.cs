namespace Oslo.Service.Extensions;

/// <summary>
/// A service that wants to know where this process's debug console listens: oslo sets <c>service.backdoor_port</c>
/// on every launched service. Implement this on a <see cref="Launching.ServiceBase"/> to receive it.
/// </summary>
public interface IBackdoorPortAware
{
    /// <summary>
    /// The TCP port (as digits) or the Unix socket path the console listens on in this process; null when no console
    /// runs here. Set by the launcher when the console starts, before or right after the service's start.
    /// </summary>
    string? BackdoorPort { get; set; }
}
