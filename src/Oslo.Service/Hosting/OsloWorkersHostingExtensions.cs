using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Oslo.Service.Hosting;

/// <summary>
/// <c>UseOsloWorkers</c>: run a Generic Host app as N worker processes under oslo's <c>ProcessLauncher</c>, with
/// <c>Run()</c> unchanged. (ASP.NET Core apps: the <c>WebApplicationBuilder</c> overload in Oslo.Service.AspNetCore,
/// which also hands Kestrel's endpoints to the workers.)
/// </summary>
/// <remarks>
/// <para>The program started by the user becomes the parent: <c>Run()</c> supervises and never starts the app's
/// hosted services. It starts the same program again, with the same arguments, as each worker; there the app runs
/// as usual. Everything the ProcessLauncher does applies: respawn with stable worker ids, crash-loop back-off,
/// spares, SIGTTIN/SIGTTOU, parent death, systemd notify and watchdog, SIGINT exits 1 at once, SIGTERM stops
/// gracefully within <see cref="OsloWorkerOptions.GracefulShutdownTimeout"/>, SIGHUP replaces the workers rolling
/// and readiness-gated (or mutates them in place).</para>
/// <para>Code before <c>Run()</c> (e.g. a database migration) runs in the parent and in every worker; use
/// <see cref="IWorkerInfo"/> to run it once.</para>
/// </remarks>
public static class OsloWorkersHostingExtensions
{
    /// <summary>Runs this Host app as worker processes (see the class remarks).</summary>
    /// <param name="builder">The app's builder.</param>
    /// <param name="configure">Applied after the <c>Oslo</c> configuration section.</param>
    public static HostApplicationBuilder UseOsloWorkers(this HostApplicationBuilder builder, Action<OsloWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OsloWorkerRole role = AddOsloWorkers(builder.Services, configure);
        builder.ConfigureContainer(new OsloWorkersServiceProviderFactory(role));
        return builder;
    }

    /// <summary>Runs this Host app as worker processes (see the class remarks).</summary>
    /// <param name="builder">The app's builder.</param>
    /// <param name="configure">Applied after the <c>Oslo</c> configuration section.</param>
    public static IHostBuilder UseOsloWorkers(this IHostBuilder builder, Action<OsloWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OsloWorkerRole role = OsloWorkerRole.FromEnvironment();
        builder.ConfigureServices(services => AddOsloWorkers(services, configure, role));
        builder.UseServiceProviderFactory(new OsloWorkersServiceProviderFactory(role));
        return builder;
    }

    /// <summary>
    /// The registrations every <c>UseOsloWorkers</c> overload shares; the container hook does the rest at <c>Build()</c>.
    /// </summary>
    internal static OsloWorkerRole AddOsloWorkers(IServiceCollection services, Action<OsloWorkerOptions>? configure, OsloWorkerRole? role = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        role ??= OsloWorkerRole.FromEnvironment();
        services.TryAddSingleton(role);
        services.TryAddSingleton<IWorkerInfo, WorkerInfo>();
        services.AddOptions<OsloWorkerOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<OsloWorkerOptions>, OsloWorkerOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OsloWorkerOptions>, OsloWorkerOptionsValidator>());
        services.TryAddSingleton<IOptionsChangeTokenSource<OsloWorkerOptions>>(
            provider => new ConfigurationChangeTokenSource<OsloWorkerOptions>(provider.GetRequiredService<IConfiguration>()));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        // Oslo:GracefulShutdownTimeout wins over the Host's own: Kestrel's drain in a worker gets the whole budget
        // (the parent kills at the deadline anyway); the parent's Host waits a little longer than its launcher.
        services.AddOptions<HostOptions>().PostConfigure<IOptions<OsloWorkerOptions>>((host, workers) =>
        {
            TimeSpan graceful = workers.Value.GracefulShutdownTimeout;
            host.ShutdownTimeout = graceful <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan
                : role.IsWorker ? graceful
                : graceful + TimeSpan.FromSeconds(5);
        });
        return role;
    }
}
