using System.Text;

using Oslo.Config.Generator.Model;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// <c>--format rst</c>: the reStructuredText that oslo's Sphinx extension (<c>sphinxext._format_option_help</c>, not
/// split by namespace) feeds to Sphinx: one <c>oslo.config:group</c> directive per section, sorted by name, and one
/// <c>oslo.config:option</c> directive per option.
/// </summary>
internal static class RstWriter
{
    private static readonly Dictionary<string, string> s_typeDescriptions = new(StringComparer.Ordinal)
    {
        ["StrOpt"] = "string",
        ["BoolOpt"] = "boolean",
        ["IntOpt"] = "integer",
        ["FloatOpt"] = "floating point",
        ["ListOpt"] = "list",
        ["DictOpt"] = "dict",
        ["MultiStrOpt"] = "multi-valued",
        ["IPOpt"] = "ip address",
        ["PortOpt"] = "port number",
        ["HostnameOpt"] = "hostname",
        ["URIOpt"] = "URI",
        ["HostAddressOpt"] = "host address",
    };

    public static string Write(IEnumerable<NamespaceOpts> listings)
    {
        var sections = new SortedDictionary<string, (SampleGroup? Group, List<SampleOpt> Opts)>(StringComparer.Ordinal);
        foreach (var listing in listings)
        {
            foreach (var (group, opts) in listing.Groups)
            {
                string name = group?.Name ?? "DEFAULT";
                if (!sections.TryGetValue(name, out var section))
                {
                    section = (group, []);
                    sections[name] = section;
                }

                section.Opts.AddRange(opts);
            }
        }

        var lines = new List<string>();
        foreach (var (name, (group, opts)) in sections)
        {
            lines.Add($".. oslo.config:group:: {name}");
            lines.Add("");
            if (!string.IsNullOrEmpty(group?.Help))
            {
                lines.AddRange(PyRepr.SplitLines(group.Help.Trim()).Select(l => Indent(l.TrimEnd())));
                lines.Add("");
            }

            foreach (var opt in opts)
            {
                FormatOpt(lines, opt, name);
            }
        }

        return string.Join('\n', lines);
    }

    private static void FormatOpt(List<string> lines, SampleOpt opt, string groupName)
    {
        lines.Add($".. oslo.config:option:: {opt.Dest}");
        lines.Add("");
        lines.Add(Indent($":Type: {s_typeDescriptions.GetValueOrDefault(opt.OptClass, "unknown type")}"));
        foreach (string formatted in LegacyDefaults(opt))
        {
            lines.Add(Indent(formatted.Length > 0 ? $":Default: ``{formatted}``" : ":Default: ``''``"));
        }

        if (opt.Min is not null)
        {
            lines.Add(Indent($":Minimum Value: {opt.Min}"));
        }

        if (opt.Max is not null)
        {
            lines.Add(Indent($":Maximum Value: {opt.Max}"));
        }

        if (opt.Choices.Count > 0)
        {
            lines.Add(Indent(":Valid Values: " + string.Join(", ", opt.Choices.Select(c => c.Text))));
        }

        if (opt.Mutable)
        {
            lines.Add(Indent(":Mutable: This option can be changed without restarting."));
        }

        if (opt.Advanced)
        {
            lines.Add(Indent(":Advanced Option: Intended for advanced users and not used"));
            lines.Add(Indent("by the majority of users, and might have a significant", 6));
            lines.Add(Indent("effect on stability and/or performance.", 6));
        }

        if (opt.HasTruthySampleDefault)
        {
            lines.Add("");
            lines.Add(Indent("This option has a sample default set, which means that"));
            lines.Add(Indent("its actual default value may vary from the one documented"));
            lines.Add(Indent("above."));
        }

        string? help = SubstituteDefault(opt.Help);
        if (!string.IsNullOrEmpty(help))
        {
            lines.Add("");
            lines.AddRange(PyRepr.SplitLines(help.Trim()).Select(l => Indent(l.TrimEnd())));
        }

        if (opt.Choices.Count > 0 && opt.Choices.Any(c => c.Description is not null))
        {
            lines.Add("");
            lines.Add(Indent(".. rubric:: Possible values"));
            foreach (var choice in opt.Choices)
            {
                lines.Add("");
                lines.Add(Indent(choice.Text));
                lines.Add(Indent(Indent(string.IsNullOrEmpty(choice.Description) ? "<No description provided>" : choice.Description)));
            }
        }

        if (opt.DeprecatedOpts.Count > 0)
        {
            lines.Add("");
            lines.Add(Indent(".. list-table:: Deprecated Variations"));
            lines.Add(Indent("   :header-rows: 1"));
            lines.Add("");
            lines.Add(Indent("   - * Group"));
            lines.Add(Indent("     * Name"));
            foreach (var deprecated in opt.DeprecatedOpts)
            {
                lines.Add(Indent($"   - * {(string.IsNullOrEmpty(deprecated.Group) ? groupName : deprecated.Group)}"));
                lines.Add(Indent($"     * {(string.IsNullOrEmpty(deprecated.Name) ? opt.Dest : deprecated.Name)}"));
            }
        }

        if (opt.DeprecatedForRemoval)
        {
            lines.Add("");
            lines.Add(Indent(".. warning::"));
            lines.Add(Indent(string.IsNullOrEmpty(opt.DeprecatedSince)
                ? "   This option is deprecated for removal."
                : $"   This option is deprecated for removal since {opt.DeprecatedSince}."));
            lines.Add(Indent("   Its value may be silently ignored "));
            lines.Add(Indent("   in the future."));
            if (!string.IsNullOrEmpty(opt.DeprecatedReason))
            {
                lines.Add("");
                lines.Add(Indent("   :Reason: " + string.Join(' ', PyRepr.SplitLines(opt.DeprecatedReason).Select(l => l.Trim()))));
            }
        }

        lines.Add("");
    }

    /// <summary>
    /// The sphinx extension formats defaults with the generator's older <c>_format_defaults</c>, in which every
    /// option but MultiStrOpt takes the <c>str(default)</c> branch (<c>cfg.Opt</c> is in its isinstance tuple): a
    /// dict prints as <c>{'a': '1'}</c>, a bool as <c>True</c>. Reproduced as is.
    /// </summary>
    private static List<string> LegacyDefaults(SampleOpt opt)
    {
        List<string> values;
        if (opt.OptClass == "MultiStrOpt")
        {
            values = opt.SampleDefault is not null
                ? [PyRepr.Display(opt.SampleDefault)]
                : opt.Default is System.Collections.IEnumerable items and not string && items.Cast<object?>().Any()
                    ? [.. items.Cast<object?>().Select(PyRepr.Display)]
                    : [""];
        }
        else
        {
            values = [opt.SampleDefault is not null ? PyRepr.Display(opt.SampleDefault) : opt.Default is null ? "<None>" : PyRepr.Display(opt.Default)];
        }

        return [.. values.Select(v => v.Trim() != v ? $"\"{v}\"" : v)];
    }

    /// <summary>
    /// oslo runs <c>help % {'default': 'the value above'}</c> and keeps the raw help when that fails; only
    /// <c>%(default)s</c> and <c>%%</c> can succeed with that mapping.
    /// </summary>
    private static string? SubstituteDefault(string? help)
    {
        if (help is null || !help.Contains('%', StringComparison.Ordinal))
        {
            return help;
        }

        var output = new StringBuilder();
        for (int i = 0; i < help.Length; i++)
        {
            if (help[i] != '%')
            {
                output.Append(help[i]);
            }
            else if (help.AsSpan(i).StartsWith("%%"))
            {
                output.Append('%');
                i++;
            }
            else if (help.AsSpan(i).StartsWith("%(default)s"))
            {
                output.Append("the value above");
                i += "%(default)s".Length - 1;
            }
            else
            {
                return help;
            }
        }

        return output.ToString();
    }

    private static string Indent(string text, int n = 2) => text.Length == 0 ? "" : new string(' ', n) + text;
}
