using Microsoft.Extensions.Configuration;

namespace Oslo.Service.Hosting;

/// <summary>
/// Under <c>UseOsloWorkers</c> the configuration files (appsettings.json…) are read at start and on SIGHUP, never on
/// a file change: a file watcher would hand an edit to the running workers behind the supervisor's back, so a
/// readiness-gated reload that the new workers fail would still have changed the old ones.
/// </summary>
internal static class SighupConfigurationReload
{
    /// <summary>Turns <c>reloadOnChange</c> off for every file source already added.</summary>
    internal static void Apply(IConfigurationBuilder builder)
    {
        IList<IConfigurationSource> sources = builder.Sources;
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is FileConfigurationSource { ReloadOnChange: true } file)
            {
                file.ReloadOnChange = false;
                // Setting the item again makes a ConfigurationManager rebuild its providers, dropping the watcher.
                sources[i] = file;
            }
        }
    }
}
