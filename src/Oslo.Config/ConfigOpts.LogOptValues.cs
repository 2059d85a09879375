using Microsoft.Extensions.Logging;

namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// Logs every option value in oslo's layout: a line of 80 <c>*</c>, the sources (command-line args and config
    /// files), a line of 80 <c>=</c>, DEFAULT options sorted by name, then each group (in registration order) with
    /// its options sorted and named <c>group.name</c>, each as <c>"{name,-30} = {value}"</c>, and a closing
    /// <c>*</c> line. Values are rendered the Python way (<c>None</c>, <c>True</c>, <c>['a', 'b']</c>); secrets
    /// are <c>****</c>.
    /// </summary>
    /// <exception cref="OsloConfigException">An option's value is not valid (as in oslo, the whole call fails).</exception>
    public void LogOptValues(ILogger logger, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ConfigState state = State;
        var lines = new List<(string Name, string Value)>
        {
            ("config_dir", PyRepr.Repr(state.Current?.ConfigDirs ?? [])),
            ("config_file", PyRepr.Repr(state.Current?.ConfigFiles ?? [])),
        };
        var defaults = new List<(string, string)>();
        foreach (OptEntry entry in state.Registry.Default.Opts.Values)
        {
            defaults.Add((entry.Opt.Dest, Render(state, entry)));
        }

        lines.AddRange(defaults);
        lines.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (GroupEntry group in state.Registry.Order.Where(g => g.Name is not null))
        {
            foreach (OptEntry entry in group.Opts.Values.OrderBy(e => e.Opt.Dest, StringComparer.Ordinal))
            {
                lines.Add(($"{group.Name}.{entry.Opt.Dest}", Render(state, entry)));
            }
        }

        string stars = new('*', 80);
        Log.OptValuesLine(logger, level, stars);
        Log.OptValuesLine(logger, level, "Configuration options gathered from:");
        Log.OptValuesLine(logger, level, "command line args: " + PyRepr.Repr(state.Current?.Options.Args ?? []));
        Log.OptValuesLine(logger, level, "config files: " + PyRepr.Repr(state.Current?.ConfigFiles ?? []));
        Log.OptValuesLine(logger, level, new string('=', 80));
        foreach ((string name, string value) in lines)
        {
            Log.OptValue(logger, level, name, value);
        }

        Log.OptValuesLine(logger, level, stars);
    }

    private string Render(ConfigState state, OptEntry entry)
    {
        object? value = Resolve(state, entry, null);
        return entry.Opt.Secret ? "****" : PyRepr.Display(value);
    }
}
