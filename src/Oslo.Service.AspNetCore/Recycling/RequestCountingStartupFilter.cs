using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

using Oslo.Service.Hosting;
using Oslo.Service.Supervision;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// <c>Oslo:MaxRequests</c> in a worker: counts every request the app serves (<see cref="WorkerRequests"/>, sent to the
/// parent with each heartbeat), health probes excluded (<see cref="HealthProbePaths"/>). Added to the pipeline only
/// when max_requests is set, so an app that does not recycle pays nothing per request.
/// </summary>
/// <remarks>
/// First in the pipeline, before routing: counting there costs a path comparison and one interlocked add per request,
/// without an async frame around the rest of the pipeline. A request the app rejects still counts, as it does for
/// gunicorn: it was served.
/// </remarks>
internal sealed class RequestCountingStartupFilter(IOptions<OsloWorkerOptions> options, HealthProbePaths probes) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        if (options.Value.MaxRequests <= 0)
        {
            return next;
        }

        return app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (!probes.IsProbe(context.Request.Path.Value))
                {
                    WorkerRequests.OnServed();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
