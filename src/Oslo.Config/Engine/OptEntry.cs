namespace Oslo.Config;

/// <summary>A registered option: the definition, its group (null = DEFAULT) and whether it is a command-line option.</summary>
internal sealed record OptEntry(Opt Opt, string? Group, bool Cli)
{
    public OptKey Key { get; } = new(Group, Opt.Dest);

    public string GroupDisplay => Group ?? OptGroup.DefaultName;

    /// <summary>The INI section the option is read from (oslo's normalised group name).</summary>
    public string Section => Ini.IniDocument.NormalizeSection(Group ?? OptGroup.DefaultName);
}