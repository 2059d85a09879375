using System.Diagnostics.CodeAnalysis;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>Generic Host registrations for running with, or inside, oslo launchers.</summary>
public static partial class OsloHostingExtensions
{
    /// <summary>
    /// Replaces the Host's lifetime with <see cref="OsloHostLifetime"/>, for a Host that an oslo launcher runs
    /// (<see cref="HostAdapter"/>): the launcher, not the Host, handles the signals.
    /// </summary>
    public static IServiceCollection UseOsloServiceLifetime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IHostLifetime, OsloHostLifetime>();
        return services;
    }

    /// <summary>
    /// Runs the oslo services registered with <see cref="AddOsloService{TService}"/> inside this Generic Host app
    /// with oslo's signal semantics and lifecycle: SIGTERM stops them gracefully within
    /// <c>graceful_shutdown_timeout</c>, SIGINT exits 1 at once, SIGHUP in a daemon reloads or mutates
    /// <paramref name="conf"/> and restarts or resets them; systemd is told READY/RELOADING/STOPPING. When the
    /// launcher ends, the Host stops and <see cref="Environment.ExitCode"/> holds the launcher's status.
    /// </summary>
    /// <param name="services">The Host's services.</param>
    /// <param name="conf">The oslo configuration (already parsed).</param>
    /// <param name="restartMethod">What a SIGHUP in a daemon does.</param>
    public static IServiceCollection AddOsloLauncher(this IServiceCollection services, ConfigOpts conf, RestartMethod restartMethod = RestartMethod.Reload)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(conf);
        RestartMethods.Validate(restartMethod);
        services.UseOsloServiceLifetime();
        services.AddSingleton(new OsloLauncherSettings(conf, restartMethod));
        services.AddHostedService<OsloLauncherHostedService>();
        return services;
    }

    /// <summary>Registers an oslo service that <see cref="AddOsloLauncher"/> runs (in registration order).</summary>
    public static IServiceCollection AddOsloService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(this IServiceCollection services)
        where TService : ServiceBase
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ServiceBase, TService>();
        return services;
    }

    /// <summary>Registers an oslo service instance that <see cref="AddOsloLauncher"/> runs.</summary>
    public static IServiceCollection AddOsloService(this IServiceCollection services, ServiceBase service)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(service);
        services.AddSingleton(service);
        return services;
    }
}
