using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Oslo.Service.Wsgi;

/// <summary>
/// The "app" a <see cref="Server"/> serves (oslo's WSGI callable): an ASP.NET Core request pipeline. A plain
/// <see cref="RequestDelegate"/> converts implicitly; <see cref="FromPipeline"/> takes the usual
/// <c>ConfigureServices</c> / <c>Configure</c> pair, so middleware, routing and minimal APIs work unchanged.
/// </summary>
public sealed class WsgiApp
{
    private WsgiApp(Action<IServiceCollection>? configureServices, Action<IApplicationBuilder> configure)
    {
        ConfigureServices = configureServices;
        Configure = configure;
    }

    /// <summary>Adds the app's services (run at every server start, in the server's own service provider).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; }

    /// <summary>Builds the app's request pipeline.</summary>
    public Action<IApplicationBuilder> Configure { get; }

    /// <summary>An app from one request delegate.</summary>
    public static WsgiApp FromDelegate(RequestDelegate app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new WsgiApp(null, builder => builder.Run(app));
    }

    /// <summary>An app from a service configuration and a pipeline configuration (e.g. <c>UseRouting</c> + <c>UseEndpoints</c>).</summary>
    public static WsgiApp FromPipeline(Action<IApplicationBuilder> configure, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new WsgiApp(configureServices, configure);
    }

    /// <summary>Converts a request delegate.</summary>
    public static implicit operator WsgiApp(RequestDelegate app) => FromDelegate(app);
}
