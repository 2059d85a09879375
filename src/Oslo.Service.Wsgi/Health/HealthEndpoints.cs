namespace Oslo.Service.Wsgi.Health;

/// <summary>
/// Optional liveness and readiness endpoints answered by the <see cref="Server"/> itself, before the app (off unless
/// given): for Kubernetes probes and load balancers. Liveness answers 200 while the process serves at all;
/// readiness answers 200 while serving and 503 once a stop has begun (draining), so a balancer sends no new work to
/// a worker that is about to go.
/// </summary>
/// <param name="LivenessPath">Path of the liveness probe, e.g. <c>/healthz</c>; null for none.</param>
/// <param name="ReadinessPath">Path of the readiness probe, e.g. <c>/readyz</c>; null for none.</param>
public sealed record HealthEndpoints(string? LivenessPath = "/healthz", string? ReadinessPath = "/readyz");
