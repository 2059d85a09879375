using System.Collections;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Oslo.Config;

/// <summary>
/// The provider behind <see cref="OsloConfigurationSource"/>: keys <c>DEFAULT:name</c> and <c>group:name</c>,
/// lists and multi-valued options as <c>:0</c>, <c>:1</c> children, dicts as <c>:key</c> children, booleans as
/// <c>True</c>/<c>False</c>, numbers in invariant culture. It reloads and fires its own reload token after every
/// successful <see cref="ConfigOpts.ReloadConfigFiles()"/> or <see cref="ConfigOpts.MutateConfigFiles()"/>. An option
/// whose value cannot be resolved (a bad value, a broken reference) is left out rather than failing the host.
/// </summary>
public sealed class OsloConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly ConfigOpts _conf;
    private readonly IDisposable _subscription;

    /// <summary>Creates the provider and subscribes to the reload token of <paramref name="conf"/>.</summary>
    public OsloConfigurationProvider(ConfigOpts conf)
    {
        _conf = conf ?? throw new ArgumentNullException(nameof(conf));
        _subscription = ChangeToken.OnChange(conf.GetReloadToken, () =>
        {
            Load();
            OnReload();
        });
    }

    /// <inheritdoc/>
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (string group in _conf.GroupNames)
        {
            string? groupArg = group == OptGroup.DefaultName ? null : group;
            foreach (Opt opt in _conf.GetOpts(groupArg))
            {
                object? value;
                try
                {
                    value = _conf.GetValue(opt.Dest, groupArg);
                }
                catch (OsloConfigException)
                {
                    continue;
                }

                Add(data, group + ConfigurationPath.KeyDelimiter + opt.Dest, value);
            }
        }

        Data = data;
    }

    /// <summary>Stops following the reload token of the configuration object.</summary>
    public void Dispose() => _subscription.Dispose();

    private static void Add(Dictionary<string, string?> data, string key, object? value)
    {
        switch (value)
        {
            case null:
                data[key] = null;
                break;
            case string s:
                data[key] = s;
                break;
            case bool b:
                data[key] = b ? "True" : "False";
                break;
            case IEnumerable<KeyValuePair<string, string?>> dict:
                foreach (KeyValuePair<string, string?> pair in dict)
                {
                    data[key + ConfigurationPath.KeyDelimiter + pair.Key] = pair.Value;
                }

                break;
            case IEnumerable items:
                int i = 0;
                foreach (object? item in items)
                {
                    Add(data, key + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), item);
                    i++;
                }

                break;
            case IFormattable f:
                data[key] = f.ToString(null, CultureInfo.InvariantCulture);
                break;
            default:
                data[key] = value.ToString();
                break;
        }
    }
}
