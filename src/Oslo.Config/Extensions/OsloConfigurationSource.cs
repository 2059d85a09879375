using Microsoft.Extensions.Configuration;

namespace Oslo.Config;

/// <summary>
/// Publishes the resolved values of a <see cref="ConfigOpts"/> to Microsoft.Extensions.Configuration, so
/// ASP.NET Core, hosting and <c>IOptionsMonitor&lt;T&gt;</c> users read oslo options.
/// </summary>
/// <param name="conf">The configuration object to publish.</param>
public sealed class OsloConfigurationSource(ConfigOpts conf) : IConfigurationSource
{
    /// <summary>The published configuration object.</summary>
    public ConfigOpts ConfigOpts { get; } = conf ?? throw new ArgumentNullException(nameof(conf));

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new OsloConfigurationProvider(ConfigOpts);
}
