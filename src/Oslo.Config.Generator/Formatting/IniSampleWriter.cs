using System.Text;

using Oslo.Config.Generator.Model;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// Writes the INI sample exactly as oslo-config-generator's <c>_OptFormatter</c> and <c>_output_opts</c> do
/// (oslo.config <c>generator.py</c>), byte for byte.
/// </summary>
internal sealed class IniSampleWriter
{
    // oslo: "self.wrap_width = conf.wrap_width or 998  # arbitrary line length" - width 0 wraps at 998, it does not
    // turn wrapping off; the golden file long_help_no_wrapping pins this.
    private const int NoWrapWidth = 998;

    private readonly TextWrapper _wrapper;
    private readonly bool _minimal;
    private readonly bool _summarize;
    private readonly Action<string>? _warn;

    public IniSampleWriter(int wrapWidth = 70, bool minimal = false, bool summarize = false, Action<string>? warn = null)
    {
        _wrapper = TextWrapper.ForHelp(wrapWidth == 0 ? NoWrapWidth : wrapWidth);
        _minimal = minimal;
        _summarize = summarize;
        _warn = warn;
    }

    public string Write(IEnumerable<NamespaceOpts> listings)
    {
        var output = new StringBuilder();
        bool first = true;
        foreach (var group in GroupedOpts.From(listings, _warn).InSampleOrder)
        {
            if (!first)
            {
                output.Append("\n\n");
            }

            first = false;
            WriteGroup(output, group);
        }

        return output.ToString();
    }

    private void WriteGroup(StringBuilder output, GroupedOpts.GroupData group)
    {
        output.Append('[').Append(group.Name).Append("]\n");
        if (!string.IsNullOrEmpty(group.Object?.Help))
        {
            output.Append(FormatHelp(group.Object.Help));
        }

        foreach (var (ns, opts) in group.Namespaces.OrderBy(n => n.Namespace, StringComparer.Ordinal))
        {
            output.Append("\n#\n# From ").Append(ns).Append("\n#\n");

            // OrderBy is stable, like Python's sorted(key=attrgetter('advanced')).
            foreach (var opt in opts.OrderBy(o => o.Advanced))
            {
                if (_minimal && !opt.Required)
                {
                    continue;
                }

                output.Append('\n');
                if (opt.FormatError is not null)
                {
                    output.Append("# Warning: Failed to format sample for ").Append(opt.Dest).Append('\n');
                    output.Append("# ").Append(opt.FormatError).Append('\n');
                    continue;
                }

                WriteOpt(output, opt, group.Name);
            }
        }
    }

    internal void WriteOpt(StringBuilder output, SampleOpt opt, string groupName)
    {
        if (string.IsNullOrEmpty(opt.Help))
        {
            _warn?.Invoke($"\"{opt.Dest}\" is missing a help string");
        }

        string help = opt.Help ?? "";
        string prefix = opt.DeprecatedForRemoval && !help.StartsWith("DEPRECATED", StringComparison.Ordinal)
            ? "DEPRECATED: "
            : "";

        string helpText;
        if (help.Length > 0)
        {
            string optHelp = help;
            if (_summarize)
            {
                string[] paragraphs = help.Split("\n\n");
                optHelp = paragraphs[0].TrimEnd(':').TrimEnd('.');
                if (paragraphs.Length > 1)
                {
                    optHelp += ". For more information, refer to the documentation.";
                }
            }

            helpText = $"{prefix}{optHelp} ({opt.TypeName})";
        }
        else
        {
            // oslo drops the DEPRECATED prefix when there is no help text at all.
            helpText = $"({opt.TypeName})";
        }

        output.Append(FormatHelp(helpText));

        if (opt.Min is not null)
        {
            output.Append("# Minimum value: ").Append(opt.Min).Append('\n');
        }

        if (opt.Max is not null)
        {
            output.Append("# Maximum value: ").Append(opt.Max).Append('\n');
        }

        if (opt.Choices.Count > 0)
        {
            output.Append("# Possible values:\n");
            foreach (var choice in opt.Choices)
            {
                string description = string.IsNullOrEmpty(choice.Description) ? "<No description provided>" : choice.Description;
                output.Append(FormatHelp($"{choice.Text} - {description}"));
            }
        }

        if (opt.Mutable)
        {
            output.Append("# Note: This option can be changed without restarting.\n");
        }

        foreach (var deprecated in opt.DeprecatedOpts)
        {
            // A dashed deprecated name cannot appear in a config file, so oslo leaves it out.
            if (!string.IsNullOrEmpty(deprecated.Name) && !deprecated.Name.Contains('-', StringComparison.Ordinal))
            {
                string group = string.IsNullOrEmpty(deprecated.Group) ? groupName : deprecated.Group;
                output.Append("# Deprecated group/name - [").Append(group).Append("]/").Append(deprecated.Name).Append('\n');
            }
        }

        if (opt.DeprecatedForRemoval)
        {
            output.Append(string.IsNullOrEmpty(opt.DeprecatedSince)
                ? "# This option is deprecated for removal.\n"
                : $"# This option is deprecated for removal since {opt.DeprecatedSince}.\n");
            output.Append("# Its value may be silently ignored in the future.\n");
            if (!string.IsNullOrEmpty(opt.DeprecatedReason))
            {
                output.Append(FormatHelp("Reason: " + opt.DeprecatedReason));
            }
        }

        if (opt.Advanced)
        {
            output.Append(
                "# Advanced Option: intended for advanced users and not used\n" +
                "# by the majority of users, and might have a significant\n" +
                "# effect on stability and/or performance.\n");
        }

        if (opt.HasTruthySampleDefault)
        {
            output.Append(
                "#\n" +
                "# This option has a sample default set, which means that\n" +
                "# its actual default value may vary from the one documented\n" +
                "# below.\n");
        }

        foreach (string formatted in opt.FormattedDefaults)
        {
            string value = formatted.Length > 0 ? " " + formatted.Replace("\n", "\n#    ", StringComparison.Ordinal) : "";
            if (!_minimal)
            {
                output.Append('#');
            }

            output.Append(opt.Dest).Append(" =").Append(value).Append('\n');
        }
    }

    /// <summary>oslo's <c>_format_help</c>: each line of the text wrapped on its own; blank lines become <c>#</c>.</summary>
    internal string FormatHelp(string helpText)
    {
        var output = new StringBuilder();
        foreach (string line in PyRepr.SplitLines(helpText))
        {
            var wrapped = _wrapper.Wrap(line);
            output.Append(wrapped.Count == 0 ? "#" : string.Join('\n', wrapped)).Append('\n');
        }

        return output.ToString();
    }
}
