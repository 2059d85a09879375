using System.Text;

using Oslo.Config;
using Oslo.Service.Backdoor.Console;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>The <c>config</c> command: every registered option's value, group by group; secret options masked.</summary>
internal static class ConfigDump
{
    internal const string Mask = "****";

    internal static string Format(ConfigOpts conf)
    {
        var text = new StringBuilder();
        text.Append("config files: ").Append(string.Join(", ", conf.ConfigFiles)).Append('\n');
        foreach (string group in conf.GroupNames)
        {
            string? key = group == OptGroup.DefaultName ? null : group;
            text.Append('[').Append(group).Append("]\n");
            foreach (Opt opt in conf.GetOpts(key))
            {
                string value;
                try
                {
                    value = opt.Secret ? Mask : ValueFormatter.Format(conf.GetValue(opt.Dest, key));
                }
                catch (OsloConfigException exception)
                {
                    value = "<" + exception.Message + ">";
                }

                text.Append("  ").Append(opt.Dest).Append(" = ").Append(value).Append('\n');
            }
        }

        return text.ToString();
    }
}
