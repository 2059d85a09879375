using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
}
