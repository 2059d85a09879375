using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// Added to the app's health checks in every worker: Unhealthy once the worker drains (SIGTERM, or retired by a
/// reload, a recycle or a scale-down), so the endpoints the app maps with <c>MapHealthChecks</c> answer 503 for the
/// whole <c>drain_delay</c> while its other endpoints still serve. Tagged "ready": an endpoint filtered
/// with a predicate (say a liveness probe that runs no check) includes it only when it asks for that tag.
/// </summary>
internal sealed class DrainingHealthCheck(KestrelDrain drain) : IHealthCheck
{
    /// <summary>The check's name in health reports.</summary>
    internal const string Name = "oslo_draining";

    /// <summary>Its tags: "ready" (what readiness endpoints usually filter on) and "oslo".</summary>
    internal static readonly string[] Tags = ["ready", "oslo"];

    private static readonly Task<HealthCheckResult> s_healthy = Task.FromResult(HealthCheckResult.Healthy());
    private static readonly Task<HealthCheckResult> s_draining = Task.FromResult(HealthCheckResult.Unhealthy("draining: this worker is stopping"));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        drain.NotReady ? s_draining : s_healthy;
}
