namespace Oslo.Service.Launching;

/// <summary>
/// A service that takes part in the first phase of a graceful stop (<c>[process_launcher] drain_delay</c>): told
/// first, it reports "not ready" (readiness endpoints answer 503) and keeps serving; <see cref="ServiceBase.StopAsync"/>
/// follows once the delay has passed.
/// </summary>
/// <remarks>
/// The stop order, as <see cref="ServiceLauncher"/> implements it: SIGTERM → <c>STOPPING=1</c> →
/// <see cref="BeginDrain"/> on every service that implements it → <c>drain_delay</c> → <see cref="ServiceBase.StopAsync"/>
/// (listener closed) → <see cref="ServiceBase.WaitAsync"/> under <c>graceful_shutdown_timeout</c>. When no service
/// implements it (or every one returns false), the delay is skipped: nobody would notice it.
/// </remarks>
public interface IDrainableService
{
    /// <summary>Reports not ready from now on, and keeps serving. Called once per stop, on the launcher's loop; must not block.</summary>
    /// <returns>True when the service serves clients a load balancer routes to it, so the delay is worth waiting
    /// (Kubernetes takes a terminating Pod out of its endpoints whatever its readiness says, but proxies learn it
    /// only a moment later).</returns>
    bool BeginDrain();
}
