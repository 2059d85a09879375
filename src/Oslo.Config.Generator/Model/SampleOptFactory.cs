using Oslo.Config.Generator.Formatting;

namespace Oslo.Config.Generator.Model;

/// <summary>Reduces the Oslo.Config option model to what the sample writers print.</summary>
internal static class SampleOptFactory
{
    public static List<NamespaceOpts> FromListings(
        IEnumerable<(string Namespace, IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> Groups)> listings) =>
        [.. listings.Select(l => new NamespaceOpts(
            l.Namespace,
            [.. l.Groups.Select(g => new GroupOpts(FromGroup(g.Group), [.. g.Opts.Select(From)]))]))];

    public static SampleGroup? FromGroup(OptGroup? group) => group is null
        ? null
        : new SampleGroup(group.Name, group.Help, IsObject: group.Help is not null || group.Title is not null);

    public static SampleOpt From(Opt opt)
    {
        IReadOnlyList<string> formatted;
        string? formatError = null;
        try
        {
            formatted = opt.Type is MultiStringType && opt.SampleDefault is null && IsEmpty(opt.Default)
                ? [""] // oslo's MultiString.NONE_DEFAULT: "#name =" for a missing or empty default
                : opt.Type.FormatDefaults(opt.Default, opt.SampleDefault);
        }
        catch (Exception e) when (e is OsloConfigException or InvalidCastException or FormatException or ArgumentException)
        {
            // oslo writes "# Warning: Failed to format sample for ..." instead of the option and carries on.
            formatted = [];
            formatError = e.Message;
        }

        string optClass = opt.GetType().Name;
        int tick = optClass.IndexOf('`', StringComparison.Ordinal);
        return new SampleOpt
        {
            Name = opt.Name,
            OptClass = tick < 0 ? optClass : optClass[..tick],
            Dest = opt.Dest,
            Help = opt.Help,
            TypeName = opt.Type.TypeName,
            MinValue = opt.Type.Minimum,
            MaxValue = opt.Type.Maximum,
            Choices = [.. (opt.Type.Choices ?? []).Select(c => new SampleChoice(c.Key, ChoiceText(c.Key), c.Value))],
            Mutable = opt.Mutable,
            Advanced = opt.Advanced,
            Required = opt.Required,
            Secret = opt.Secret,
            Positional = opt.Positional,
            Short = opt.Short?.ToString(),
            Metavar = opt.Metavar,
            DeprecatedOpts = WithUnderscoreTwins(opt.DeprecatedOpts),
            DeprecatedForRemoval = opt.DeprecatedForRemoval,
            DeprecatedReason = opt.DeprecatedReason,
            DeprecatedSince = opt.DeprecatedSince,
            SampleDefault = opt.SampleDefault,
            Default = opt.Default,
            FormattedDefaults = formatted,
            FormatError = formatError,
        };
    }

    private static bool IsEmpty(object? value) =>
        value is null || (value is System.Collections.ICollection c && c.Count == 0);

    /// <summary>
    /// oslo's Opt adds <c>old_name</c> after every deprecated <c>old-name</c> (a dashed key cannot appear in a file);
    /// the sample shows the twin and skips the dashed one. Added here when the option model has not done it.
    /// </summary>
    private static List<SampleDeprecatedOpt> WithUnderscoreTwins(IReadOnlyList<DeprecatedOpt> deprecatedOpts)
    {
        var result = new List<SampleDeprecatedOpt>();
        foreach (var deprecated in deprecatedOpts)
        {
            result.Add(new SampleDeprecatedOpt(deprecated.Group, deprecated.Name));
            if (deprecated.Name is { } name && name.Contains('-', StringComparison.Ordinal))
            {
                var twin = new SampleDeprecatedOpt(deprecated.Group, name.Replace('-', '_'));
                if (!deprecatedOpts.Any(d => d.Group == twin.Group && d.Name == twin.Name))
                {
                    result.Add(twin);
                }
            }
        }

        return result;
    }

    /// <summary>oslo's <c>_get_choice_text</c>.</summary>
    private static string ChoiceText(object? choice) => choice switch
    {
        null => "<None>",
        "" => "''",
        _ => PyRepr.Display(choice),
    };
}
