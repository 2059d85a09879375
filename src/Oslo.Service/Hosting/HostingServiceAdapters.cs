using Microsoft.Extensions.Hosting;

using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>Turns whatever a launcher is given into a <see cref="ServiceBase"/>, or refuses it with oslo's message.</summary>
public static class HostingServiceAdapters
{
    /// <summary>
    /// A <see cref="ServiceBase"/> as is; an <see cref="IHost"/> or <see cref="Func{IHost}"/> through
    /// <see cref="HostAdapter"/>; an <see cref="IHostedService"/> through <see cref="HostedServiceAdapter"/>.
    /// </summary>
    /// <exception cref="ArgumentException">"Service {service} must be an instance of {base}!" (oslo's TypeError) otherwise.</exception>
    public static ServiceBase AsServiceBase(object service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service switch
        {
            ServiceBase serviceBase => serviceBase,
            IHost host => new HostAdapter(host),
            Func<IHost> factory => new HostAdapter(factory),
            IHostedService hostedService => new HostedServiceAdapter(hostedService),
            _ => throw new ArgumentException($"Service {service} must be an instance of {typeof(ServiceBase).FullName}!", nameof(service)),
        };
    }
}
