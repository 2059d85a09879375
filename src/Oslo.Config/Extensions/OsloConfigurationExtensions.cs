using Microsoft.Extensions.Configuration;

namespace Oslo.Config;

/// <summary>Adds a <see cref="ConfigOpts"/> to an <see cref="IConfigurationBuilder"/>.</summary>
public static class OsloConfigurationExtensions
{
    /// <summary>
    /// Publishes the resolved option values of <paramref name="conf"/> as <c>group:name</c> keys
    /// (<c>DEFAULT:name</c> for DEFAULT); the configuration reloads after each reload or mutate of
    /// <paramref name="conf"/>, so <c>IOptionsMonitor&lt;T&gt;</c> sees the changes.
    /// </summary>
    public static IConfigurationBuilder AddOsloConfig(this IConfigurationBuilder builder, ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new OsloConfigurationSource(conf));
    }
}
