using Oslo.Config.Generator.Model;

namespace Oslo.Config.Generator.Formatting;

/// <summary>The options of all namespaces regrouped by section, as oslo's <c>_cleanup_opts</c> + <c>_get_groups</c>.</summary>
internal sealed class GroupedOpts
{
    private GroupedOpts(IReadOnlyList<GroupData> groups) => Groups = groups;

    /// <summary>DEFAULT first (always present), then the other groups in first-seen order.</summary>
    public IReadOnlyList<GroupData> Groups { get; }

    /// <summary>DEFAULT first, then the other sections sorted by name (ordinal, like Python's str ordering).</summary>
    public IEnumerable<GroupData> InSampleOrder =>
        Groups.Take(1).Concat(Groups.Skip(1).OrderBy(g => g.Name, StringComparer.Ordinal));

    /// <param name="listings">What the namespaces list, in order.</param>
    /// <param name="warn">Receives oslo's warnings (a group name that had to be normalised).</param>
    public static GroupedOpts From(IEnumerable<NamespaceOpts> listings, Action<string>? warn = null)
    {
        var cleaned = Cleanup(listings, warn);

        var groups = new List<GroupData> { new("DEFAULT") };
        foreach (var (ns, nsGroups) in cleaned)
        {
            foreach (var (group, opts) in nsGroups)
            {
                if (opts.Count == 0)
                {
                    continue;
                }

                string name = group?.Name ?? "DEFAULT";
                var data = groups.Find(g => g.Name == name);
                if (data is null)
                {
                    data = new GroupData(name);
                    groups.Add(data);
                }

                if (group is { IsObject: true })
                {
                    data.Object = group;
                }

                data.Namespaces.Add((ns, opts));
            }
        }

        return new GroupedOpts(groups);
    }

    /// <summary>
    /// oslo's <c>_cleanup_opts</c>: namespaces merged by name, group names lower-cased (except DEFAULT), options
    /// de-duplicated by dest within a namespace and group. As with Python's OrderedDict, a repeated dest keeps its
    /// first position but takes the later option.
    /// </summary>
    private static List<(string Namespace, List<(SampleGroup? Group, List<SampleOpt> Opts)> Groups)> Cleanup(
        IEnumerable<NamespaceOpts> listings, Action<string>? warn)
    {
        var result = new List<(string, List<(SampleGroup?, List<SampleOpt>)>)>();
        foreach (var listing in listings)
        {
            var nsEntry = result.Find(e => e.Item1 == listing.Namespace);
            if (nsEntry.Item2 is null)
            {
                nsEntry = (listing.Namespace, []);
                result.Add(nsEntry);
            }

            foreach (var groupOpts in listing.Groups)
            {
                var group = Normalize(groupOpts.Group, warn);
                int index = nsEntry.Item2.FindIndex(e => Equals(e.Item1, group));
                if (index < 0)
                {
                    nsEntry.Item2.Add((group, []));
                    index = nsEntry.Item2.Count - 1;
                }

                var opts = nsEntry.Item2[index].Item2;
                foreach (var opt in groupOpts.Opts)
                {
                    int existing = opts.FindIndex(o => o.Dest == opt.Dest);
                    if (existing >= 0)
                    {
                        opts[existing] = opt;
                    }
                    else
                    {
                        opts.Add(opt);
                    }
                }
            }
        }

        return result;
    }

    private static SampleGroup? Normalize(SampleGroup? group, Action<string>? warn)
    {
        if (group is null)
        {
            return null;
        }

        string normalized = string.Equals(group.Name, "DEFAULT", StringComparison.OrdinalIgnoreCase)
            ? "DEFAULT"
            : group.Name.ToLowerInvariant();
        if (normalized == group.Name)
        {
            return group;
        }

        warn?.Invoke($"normalizing group name {PyRepr.Repr(group.Name)} to {PyRepr.Repr(normalized)}");
        return group with { Name = normalized };
    }

    /// <summary>One section of the sample: the namespaces that contribute options to it.</summary>
    internal sealed class GroupData(string name)
    {
        public string Name { get; } = name;

        /// <summary>The last OptGroup object seen for this name (its help is printed), or null.</summary>
        public SampleGroup? Object { get; set; }

        public List<(string Namespace, List<SampleOpt> Opts)> Namespaces { get; } = [];
    }
}
