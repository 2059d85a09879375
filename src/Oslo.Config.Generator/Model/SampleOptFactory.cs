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
        : new SampleGroup(group.Name, group.Help, IsObject: group.Help is not null || group.Title is not null) { Title = group.Title };

    public static SampleOpt From(Opt opt)
    {
        IReadOnlyList<string> formatted;
        string? formatError = null;
        try
        {
            formatted = opt.Type.FormatDefaults(opt.Default, opt.SampleDefault);
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
            DeprecatedOpts = [.. opt.DeprecatedOpts.Select(d => new SampleDeprecatedOpt(d.Group, d.Name))],
            DeprecatedForRemoval = opt.DeprecatedForRemoval,
            DeprecatedReason = opt.DeprecatedReason,
            DeprecatedSince = opt.DeprecatedSince,
            SampleDefault = opt.SampleDefault,
            Default = opt.Default,
            FormattedDefaults = formatted,
            FormatError = formatError,
        };
    }

    /// <summary>oslo's <c>_get_choice_text</c>.</summary>
    private static string ChoiceText(object? choice) => choice switch
    {
        null => "<None>",
        "" => "''",
        _ => PythonText.Str(choice),
    };
}
