namespace Oslo.Config;

/// <summary>A registered group and its options (dest -> entry, plus registration order).</summary>
internal sealed class GroupEntry(OptGroup? group, string? name)
{
    public OptGroup? Group { get; set; } = group;

    /// <summary>null for DEFAULT.</summary>
    public string? Name { get; } = name;

    public Dictionary<string, OptEntry> Opts { get; } = new(StringComparer.Ordinal);

    public GroupEntry Clone()
    {
        var copy = new GroupEntry(Group, Name);
        foreach (KeyValuePair<string, OptEntry> pair in Opts)
        {
            copy.Opts.Add(pair.Key, pair.Value);
        }

        return copy;
    }
}
