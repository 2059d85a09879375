using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.Wsgi;

/// <summary>Registers a wsgi <see cref="Server"/> in a service collection, for <c>AddOsloLauncher</c> to run.</summary>
public static class WsgiServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="Server"/> named <paramref name="name"/> as a <see cref="ServiceBase"/> (so
    /// <c>AddOsloLauncher</c> runs it) and its <see cref="ServerOptions"/> as named options: configure them here, or
    /// with <c>services.Configure&lt;ServerOptions&gt;(name, configuration.GetSection("…"))</c>. The options are
    /// validated when the host starts (<c>ValidateOnStart</c>: an <see cref="OptionsValidationException"/> listing
    /// every problem). The server's logger factory and clock come from the container when registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="conf">The oslo configuration the wsgi options are read from.</param>
    /// <param name="name">The server's name (and the name of its options).</param>
    /// <param name="app">The app it serves.</param>
    /// <param name="configure">Sets the options; null keeps the defaults and whatever else configures them.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWsgiServer(this IServiceCollection services, ConfigOpts conf, string name, WsgiApp app, Action<ServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(app);
        OptionsBuilder<ServerOptions> options = services.AddOptions<ServerOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>());
        services.AddSingleton<ServiceBase>(provider => new Server(
            conf,
            name,
            app,
            provider.GetRequiredService<IOptionsMonitor<ServerOptions>>().Get(name),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>()));
        return services;
    }

    private sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServerOptions options)
        {
            IReadOnlyList<string> errors = options.GetErrors();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Server {name}: {e}"));
        }
    }
}
