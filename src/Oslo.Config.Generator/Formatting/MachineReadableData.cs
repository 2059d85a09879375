using System.Collections;

using Oslo.Config.Generator.Model;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// oslo's <c>_generate_machine_readable_data</c>: the tree behind <c>--format json|yaml</c>, built from plain
/// dictionaries, lists and scalars so that both writers (and the validator) can walk it.
/// </summary>
internal static class MachineReadableData
{
    public static SortedDictionary<string, object?> Build(
        IEnumerable<NamespaceOpts> listings, IReadOnlyDictionary<string, object?> generatorOptions)
    {
        var options = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var deprecatedOptions = new SortedDictionary<string, object?>(StringComparer.Ordinal);

        foreach (var group in GroupedOpts.From(listings).Groups)
        {
            var opts = new List<object?>();
            var outputGroup = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["opts"] = opts,
                ["help"] = "",
            };
            options[group.Name] = outputGroup;

            foreach (var (ns, groupOpts) in group.Namespaces)
            {
                foreach (var opt in groupOpts)
                {
                    // oslo fills these per option from the group object (only its help differs from the defaults).
                    outputGroup["dynamic_group_owner"] = "";
                    outputGroup["driver_option"] = "";
                    outputGroup["driver_opts"] = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                    if (group.Object is not null)
                    {
                        outputGroup["help"] = group.Object.Help ?? "";
                    }

                    var entry = BuildEntry(opt, group.Name, ns);
                    opts.Add(entry);
                    foreach (var deprecated in (List<object?>)entry["deprecated_opts"]!)
                    {
                        var d = (SortedDictionary<string, object?>)deprecated!;
                        string deprecatedGroup = (string)d["group"]!;
                        if (!deprecatedOptions.TryGetValue(deprecatedGroup, out object? list))
                        {
                            list = new List<object?>();
                            deprecatedOptions[deprecatedGroup] = list;
                        }

                        ((List<object?>)list!).Add(new SortedDictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["name"] = d["name"],
                            ["replacement_name"] = opt.Name,
                            ["replacement_group"] = group.Name,
                        });
                    }
                }
            }

            outputGroup["standard_opts"] = opts.Select(o => (object?)((SortedDictionary<string, object?>)o!)["name"]).ToList();
        }

        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["options"] = options,
            ["deprecated_options"] = deprecatedOptions,
            ["generator_options"] = new SortedDictionary<string, object?>(
                generatorOptions.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        };
    }

    /// <summary>oslo's <c>_build_entry</c>: every public attribute of the Opt plus namespace, choices, min, max.</summary>
    private static SortedDictionary<string, object?> BuildEntry(SampleOpt opt, string group, string ns)
    {
        var deprecatedOpts = new List<object?>();
        foreach (var deprecated in opt.DeprecatedOpts)
        {
            if (string.IsNullOrEmpty(deprecated.Name) || !deprecated.Name.Contains('-', StringComparison.Ordinal))
            {
                deprecatedOpts.Add(new SortedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["group"] = string.IsNullOrEmpty(deprecated.Group) ? group : deprecated.Group,
                    ["name"] = string.IsNullOrEmpty(deprecated.Name) ? opt.Name : deprecated.Name,
                });
            }
        }

        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["advanced"] = opt.Advanced,
            ["choices"] = opt.Choices.Select(c => (object?)new List<object?> { c.Value, c.Description }).ToList(),
            ["default"] = Plain(opt.Default),
            ["deprecated_for_removal"] = opt.DeprecatedForRemoval,
            ["deprecated_opts"] = deprecatedOpts,
            ["deprecated_reason"] = opt.DeprecatedReason,
            ["deprecated_since"] = opt.DeprecatedSince,
            ["dest"] = opt.Dest,
            ["help"] = opt.Help,
            ["max"] = opt.MaxValue,
            ["metavar"] = opt.Metavar,
            ["min"] = opt.MinValue,
            ["mutable"] = opt.Mutable,
            ["name"] = opt.Name,
            ["namespace"] = ns,
            ["positional"] = opt.Positional,
            ["required"] = opt.Required,
            ["sample_default"] = Plain(opt.SampleDefault),
            ["secret"] = opt.Secret,
            ["short"] = opt.Short,
            ["type"] = opt.TypeName,
        };
    }

    /// <summary>Turns option values into the tree's plain shapes (ordered maps, lists, scalars).</summary>
    private static object? Plain(object? value) => value switch
    {
        null or string or bool => value,
        IDictionary dictionary => ToMap(dictionary),
        IEnumerable sequence => sequence.Cast<object?>().Select(Plain).ToList(),
        _ => value,
    };

    private static SortedDictionary<string, object?> ToMap(IDictionary dictionary)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            map[PyRepr.Display(entry.Key)] = Plain(entry.Value);
        }

        return map;
    }
}
