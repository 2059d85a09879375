namespace Oslo.Config;

/// <summary>A registered option: the definition, its group (null = DEFAULT) and whether it is a command-line option.</summary>
internal sealed record OptEntry(Opt Opt, string? Group, bool Cli)
{
    public OptKey Key { get; } = new(Group, Opt.Dest);

    public string GroupDisplay { get; } = Group ?? OptGroup.DefaultName;

    /// <summary>The INI section the option is read from (oslo's normalised group name).</summary>
    public string Section { get; } = Ini.IniDocument.NormalizeSection(Group ?? OptGroup.DefaultName);

    /// <summary>The environment variable of the option: <c>OS_{GROUP}__{OPT}</c>.</summary>
    public string EnvironmentVariable { get; } =
        $"OS_{(Group ?? OptGroup.DefaultName).ToUpperInvariant()}__{Opt.Dest.ToUpperInvariant()}";

    /// <summary>Registration order across groups (oslo keeps command-line options newest first).</summary>
    public long Sequence { get; } = Interlocked.Increment(ref s_sequence);

    private static long s_sequence;
}
