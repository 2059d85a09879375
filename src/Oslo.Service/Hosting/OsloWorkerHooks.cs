namespace Oslo.Service.Hosting;

/// <summary>
/// Run by the parent before it starts the workers, and after they have all gone: where a server binds the listening
/// sockets the workers inherit (Oslo.Service.AspNetCore binds Kestrel's endpoints here).
/// </summary>
internal interface IOsloParentStartup
{
    /// <summary>Binds what the workers will inherit.</summary>
    /// <exception cref="Oslo.Config.OsloStartupException">When something cannot be bound: one line naming it.</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Releases it.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>What a worker must pass, after its Host has started, before it tells the parent it is ready.</summary>
internal interface IOsloWorkerReadiness
{
    /// <summary>Completes once the worker may serve (e.g. every health check reports Healthy).</summary>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken);
}

/// <summary>What a worker does on a graceful stop before the Host's own stop (Kestrel: stop accepting, drain keep-alive).</summary>
internal interface IOsloWorkerDrain
{
    /// <summary>
    /// The first phase (<c>drain_delay</c>): report not ready (health checks Unhealthy, 503) and keep serving.
    /// </summary>
    /// <returns>True when this serves clients, so the delay is worth waiting.</returns>
    bool BeginDrain();

    /// <summary>Drains; the token is the Host's shutdown deadline.</summary>
    Task DrainAsync(CancellationToken cancellationToken);
}
