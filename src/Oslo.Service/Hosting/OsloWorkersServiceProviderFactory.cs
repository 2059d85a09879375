using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// The container hook of <c>UseOsloWorkers</c>: it sees the final service list when the app calls <c>Build()</c>,
/// so it also catches hosted services registered after <c>UseOsloWorkers</c>. In the parent it removes every
/// <see cref="IHostedService"/> (Kestrel's among them: the parent never serves) and adds the supervisor; in a worker
/// it puts the worker's hosted service first. In both, the Host's lifetime leaves signals to the launcher, and every
/// log line says which process wrote it.
/// </summary>
internal sealed class OsloWorkersServiceProviderFactory(OsloWorkerRole role) : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner = new();

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        Apply(services, role);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _inner.CreateServiceProvider(containerBuilder);

    /// <summary>Rewrites <paramref name="services"/> for the process's role (idempotent).</summary>
    internal static void Apply(IServiceCollection services, OsloWorkerRole role)
    {
        if (services.Any(d => d.ServiceType == typeof(AppliedMarker)))
        {
            return;
        }

        services.AddSingleton<AppliedMarker>();
        services.RemoveAll<IHostLifetime>();
        services.AddSingleton<IHostLifetime, OsloHostLifetime>();
        DecorateLoggerFactory(services, role);
        if (role.IsWorker)
        {
            int first = IndexOfFirstHostedService(services);
            services.Insert(first < 0 ? services.Count : first, ServiceDescriptor.Singleton<IHostedService, OsloWorkerHostedService>());
        }
        else
        {
            services.RemoveAll<IHostedService>();
            services.AddSingleton<IHostedService, OsloSupervisorHostedService>();
        }
    }

    private static int IndexOfFirstHostedService(IServiceCollection services)
    {
        for (int i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IHostedService))
            {
                return i;
            }
        }

        return -1;
    }

    private static void DecorateLoggerFactory(IServiceCollection services, OsloWorkerRole role)
    {
        services.RemoveAll<ILoggerFactory>();
        services.AddSingleton<ILoggerFactory>(provider =>
        {
            var inner = new LoggerFactory(
                provider.GetServices<ILoggerProvider>(),
                provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                provider.GetService<IOptions<LoggerFactoryOptions>>(),
                provider.GetService<IExternalScopeProvider>());
            string parent = $"[parent pid {Environment.ProcessId}] ";
            return new WorkerLoggerFactory(inner, role.IsWorker ? WorkerPrefix(role) : () => parent);
        });
    }

    private static Func<string> WorkerPrefix(OsloWorkerRole role)
    {
        Tag? tag = null;
        return () =>
        {
            // A spare is promoted to an id after its first lines: the tag follows the id.
            int id = WorkerContext.Current?.WorkerId ?? role.Identity!.WorkerId;
            Tag? current = Volatile.Read(ref tag);
            if (current is null || current.Id != id)
            {
                current = new Tag(id, id < 0 ? $"[spare pid {Environment.ProcessId}] " : $"[worker {id} pid {Environment.ProcessId}] ");
                Volatile.Write(ref tag, current);
            }

            return current.Text;
        };
    }

    private sealed record Tag(int Id, string Text);

    private sealed class AppliedMarker;
}
