using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

using Oslo.Service.Hosting;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// A worker is ready only when the app's health checks (when it registered any with <c>AddHealthChecks</c>) report
/// Healthy: a replacement that never gets there aborts the SIGHUP reload and the old workers keep serving.
/// </summary>
internal sealed partial class HealthCheckReadiness(IServiceProvider services, TimeProvider time, ILogger<HealthCheckReadiness> logger) : IOsloWorkerReadiness
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(HealthCheckService)) is not HealthCheckService health)
        {
            return;
        }

        HealthStatus? reported = null;
        while (true)
        {
            HealthReport report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            if (report.Status == HealthStatus.Healthy)
            {
                return;
            }

            if (reported != report.Status)
            {
                reported = report.Status;
                NotReady(logger, report.Status);
            }

            await Task.Delay(s_interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4160, EventName = "WorkerNotReady", Level = LogLevel.Warning,
        Message = "Worker not ready: health checks report {Status}; it reports ready to the parent once they are Healthy")]
    private static partial void NotReady(ILogger logger, HealthStatus status);
}
