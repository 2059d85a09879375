using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

using Oslo.Service.AspNetCore;
using Oslo.Service.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>builder.UseOsloWorkers()</c>: run an ASP.NET Core app as N worker processes on the same endpoints, with
/// <c>app.Run()</c> unchanged.
/// </summary>
public static class OsloWorkersWebApplicationBuilderExtensions
{
    /// <summary>
    /// Runs this app as worker processes under oslo's <c>ProcessLauncher</c>. The program the user starts is the
    /// parent: its <c>app.Run()</c> binds every endpoint Kestrel is configured with (<c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, <c>Kestrel:Endpoints</c> with their
    /// certificates, <c>ConfigureKestrel</c> <c>Listen…</c>, Unix sockets) once, then starts the same program again as
    /// each worker and supervises them; it never serves a request nor starts the app's hosted services. In a worker,
    /// Kestrel serves each endpoint, with its own settings, from the socket inherited from the parent.
    /// </summary>
    /// <remarks>
    /// <para>Options: the <c>Oslo</c> configuration section (<see cref="OsloWorkerOptions"/>, e.g.
    /// <c>Oslo__Workers=3</c>), then <paramref name="configure"/>. Signals to the parent: SIGTERM drains and stops
    /// every worker (exit 0), SIGINT exits 1 at once, SIGHUP replaces the workers one at a time, each new one
    /// reading appsettings.json afresh and taking over only once ready (Host started, health checks Healthy);
    /// SIGTTIN/SIGTTOU add or remove a worker. A worker that dies is replaced under the same id.</para>
    /// <para>appsettings.json is re-read on SIGHUP, not when it changes on disk: an edit reaches the workers only
    /// through the readiness-gated reload (with <see cref="Oslo.Service.Launching.RestartMethod.Mutate"/>, each worker re-reads it in place).</para>
    /// <para>An endpoint that cannot be bound is one line, "Cannot start: …" naming it, and exit status 1.</para>
    /// <para>Inject <see cref="IWorkerInfo"/> for the worker id; every log line is prefixed with the process that
    /// wrote it (<c>[worker 1 pid 4711]</c>).</para>
    /// </remarks>
    /// <param name="builder">The app's builder (<c>CreateBuilder</c>, <c>CreateSlimBuilder</c> or <c>CreateEmptyBuilder</c> with Kestrel).</param>
    /// <param name="configure">Applied after the <c>Oslo</c> configuration section.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder UseOsloWorkers(this WebApplicationBuilder builder, Action<OsloWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        OsloWorkerRole role = OsloWorkersHostingExtensions.AddOsloWorkers(services, configure);
        SighupConfigurationReload.Apply(builder.Configuration);
        builder.Host.UseServiceProviderFactory(new OsloWorkersServiceProviderFactory(role));
        services.TryAddSingleton(TimeProvider.System);

        // The only transport: Kestrel asks it for every endpoint (a second one could be picked for some).
        services.RemoveAll<IConnectionListenerFactory>();
        if (role.IsWorker)
        {
            services.AddSingleton<WorkerListenerFactory>();
            services.AddSingleton<IConnectionListenerFactory>(provider => provider.GetRequiredService<WorkerListenerFactory>());
            services.AddSingleton<KestrelDrain>();
            services.AddSingleton<IOsloWorkerDrain>(provider => provider.GetRequiredService<KestrelDrain>());
            services.AddSingleton<IOsloWorkerReadiness, HealthCheckReadiness>();
            services.AddSingleton<DrainingHealthCheck>();
            // Only an app that registered health checks (AddHealthChecks) reads these options: nothing is added otherwise.
            services.Configure<HealthCheckServiceOptions>(health => health.Registrations.Add(new HealthCheckRegistration(
                DrainingHealthCheck.Name, provider => provider.GetRequiredService<DrainingHealthCheck>(), HealthStatus.Unhealthy, DrainingHealthCheck.Tags)));
            services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, DrainStartupFilter>());
            // Oslo:MaxRequests: counted from the first request on (the drain filter only marks responses).
            services.AddSingleton<HealthProbePaths>();
            services.Insert(1, ServiceDescriptor.Transient<IStartupFilter, RequestCountingStartupFilter>());
        }
        else
        {
            services.AddSingleton<ParentListenerFactory>();
            services.AddSingleton<IConnectionListenerFactory>(provider => provider.GetRequiredService<ParentListenerFactory>());
            services.AddSingleton<IOsloParentStartup, KestrelEndpointBinder>();
        }

        return builder;
    }
}
