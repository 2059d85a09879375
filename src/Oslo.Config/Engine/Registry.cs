namespace Oslo.Config;

/// <summary>
/// The registered groups and options. Copy-on-write: a writer builds a new registry under the lock and publishes
/// it with the rest of <see cref="ConfigState"/>, so readers on other threads never see a half-made change.
/// </summary>
internal sealed class Registry
{
    public static readonly Registry Empty = CreateEmpty();

    private int? _optCount;

    private Registry(Dictionary<string, GroupEntry> groups, List<GroupEntry> order)
    {
        Groups = groups;
        Order = order;
    }

    /// <summary>Groups by name; DEFAULT under <c>DEFAULT</c>.</summary>
    public Dictionary<string, GroupEntry> Groups { get; }

    /// <summary>DEFAULT first, then the groups in registration order.</summary>
    public List<GroupEntry> Order { get; }

    public GroupEntry Default => Groups[OptGroup.DefaultName];

    /// <summary>How many options are registered (computed once; a registry is not changed after publication).</summary>
    public int OptCount => _optCount ??= Order.Sum(g => g.Opts.Count);

    public IEnumerable<OptEntry> AllOpts => Order.SelectMany(g => g.Opts.Values);

    public GroupEntry? FindGroup(string? name) =>
        name is null or OptGroup.DefaultName ? Default : Groups.GetValueOrDefault(name);

    public OptEntry? Find(string name, string? group)
    {
        GroupEntry? g = FindGroup(group);
        if (g is null)
        {
            return null;
        }

        return g.Opts.GetValueOrDefault(name) ?? g.Opts.GetValueOrDefault(name.Replace('-', '_'));
    }

    /// <summary>A copy whose group entries may be changed.</summary>
    public Registry CloneForWrite()
    {
        var groups = new Dictionary<string, GroupEntry>(StringComparer.Ordinal);
        var order = new List<GroupEntry>(Order.Count);
        foreach (GroupEntry g in Order)
        {
            GroupEntry copy = g.Clone();
            groups[g.Name ?? OptGroup.DefaultName] = copy;
            order.Add(copy);
        }

        return new Registry(groups, order);
    }

    private static Registry CreateEmpty()
    {
        var defaults = new GroupEntry(null, null);
        return new Registry(new Dictionary<string, GroupEntry>(StringComparer.Ordinal) { [OptGroup.DefaultName] = defaults }, [defaults]);
    }
}
