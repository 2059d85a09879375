using Oslo.Config.Ini;

namespace Oslo.Config.Validation;

/// <summary>
/// Checks parsed config files against the options of some namespaces: unknown sections and options, values that
/// the option's type rejects, required options that are missing, and deprecated names or options (warnings).
/// Pure: it reads the parsed documents and the option lists and returns findings. Used by the
/// <c>oslo-config-validator</c> tool and by <see cref="ConfigOpts.Validate()"/> (which takes the unknown-section and
/// unknown-option findings only).
/// </summary>
public sealed class ConfigValidator
{
    private readonly Dictionary<string, Dictionary<string, Opt>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Name), (string Group, Opt Opt)> _deprecated = [];
    private readonly HashSet<string> _excludedGroups;

    /// <summary>Creates a validator for the options of some groups.</summary>
    /// <param name="listings">What the namespaces list: groups (null = DEFAULT) and their options.</param>
    /// <param name="excludedGroups">Sections not to check at all (oslo's <c>--exclude-group</c>).</param>
    public ConfigValidator(
        IEnumerable<(OptGroup? Group, IReadOnlyList<Opt> Opts)> listings, IEnumerable<string>? excludedGroups = null)
    {
        _excludedGroups = new HashSet<string>((excludedGroups ?? []).Select(IniDocument.NormalizeSection), StringComparer.Ordinal);
        foreach (var (group, opts) in listings)
        {
            string groupName = IniDocument.NormalizeSection(group?.Name ?? OptGroup.DefaultName);
            if (!_groups.TryGetValue(groupName, out var byDest))
            {
                byDest = new Dictionary<string, Opt>(StringComparer.Ordinal);
                _groups[groupName] = byDest;
            }

            foreach (var opt in opts)
            {
                byDest.TryAdd(opt.Dest, opt);
                foreach (var deprecated in opt.DeprecatedOpts)
                {
                    string deprecatedGroup = IniDocument.NormalizeSection(string.IsNullOrEmpty(deprecated.Group) ? groupName : deprecated.Group);
                    string deprecatedName = (string.IsNullOrEmpty(deprecated.Name) ? opt.Dest : deprecated.Name).Replace('-', '_');
                    if (deprecatedGroup != groupName || deprecatedName != opt.Dest)
                    {
                        _deprecated.TryAdd((deprecatedGroup, deprecatedName), (groupName, opt));
                    }
                }
            }
        }
    }

    /// <summary>Validates the files together (a required option may be set in any of them).</summary>
    public List<Finding> Validate(IReadOnlyList<IniDocument> files)
    {
        var findings = new List<Finding>();
        var seen = new HashSet<(string Group, string Dest)>();

        foreach (var document in files)
        {
            foreach (var (section, keys) in document.Sections)
            {
                if (_excludedGroups.Contains(section))
                {
                    continue;
                }

                bool knownGroup = _groups.ContainsKey(section) || _deprecated.Keys.Any(k => k.Group == section);
                if (!knownGroup)
                {
                    int line = document.SectionLine(section) ?? FirstLine(keys);
                    findings.Add(new Finding(FindingSeverity.Error, document.Path, line,
                        $"[{section}] is not a group of the namespaces checked ({KnownGroups()}); its {keys.Count} option(s) are not used",
                        FindingRule.UnknownSection));
                    continue;
                }

                foreach (var (key, values) in keys)
                {
                    CheckKey(findings, seen, section, key, values);
                }
            }
        }

        CheckRequired(findings, seen, files);
        return [.. findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line)];
    }

    private void CheckKey(List<Finding> findings, HashSet<(string, string)> seen, string section, string key, List<IniValue> values)
    {
        var first = values[0];
        if (_groups.TryGetValue(section, out var byDest) && byDest.TryGetValue(key, out var opt))
        {
            seen.Add((section, opt.Dest));
            CheckValues(findings, section, key, opt, values);
            WarnIfDeprecatedForRemoval(findings, section, key, opt, first);
            return;
        }

        if (_deprecated.TryGetValue((section, key), out var replacement))
        {
            seen.Add((replacement.Group, replacement.Opt.Dest));
            findings.Add(new Finding(FindingSeverity.Warning, first.File, first.Line,
                $"[{section}] {key} is deprecated; use [{replacement.Group}] {replacement.Opt.Dest} instead", FindingRule.Deprecated));
            CheckValues(findings, section, key, replacement.Opt, values);
            WarnIfDeprecatedForRemoval(findings, section, key, replacement.Opt, first);
            return;
        }

        foreach (var value in values)
        {
            string hint;
            if (key.Contains('-', StringComparison.Ordinal) && byDest is not null && byDest.ContainsKey(key.Replace('-', '_')))
            {
                // oslo reads only the dest spelling from files, so "foo-bar = 1" is silently ignored by ConfigOpts.
                hint = $"; files must use the option's dest {key.Replace('-', '_')}";
            }
            else
            {
                hint = byDest is { Count: > 0 }
                    ? $" (known in [{section}]: {string.Join(", ", byDest.Keys.Order(StringComparer.Ordinal))})"
                    : "";
            }

            findings.Add(new Finding(FindingSeverity.Error, value.File, value.Line, $"[{section}] {key} is not a known option{hint}", FindingRule.UnknownOption));
        }
    }

    private static void CheckValues(List<Finding> findings, string section, string key, Opt opt, List<IniValue> values)
    {
        // A single-valued option uses only its last assignment, but every assignment is still a typo waiting to
        // happen; a multi-valued option uses them all.
        foreach (var value in values)
        {
            if (HasReference(value.Value))
            {
                // $opt references are resolved by ConfigOpts at run time; the raw text is not the value.
                continue;
            }

            try
            {
                opt.Type.Parse(value.Value);
            }
            catch (OsloConfigException e)
            {
                findings.Add(new Finding(FindingSeverity.Error, value.File, value.Line,
                    $"[{section}] {key} = {value.Value}: invalid {opt.Type.TypeName}: {e.Message}", FindingRule.InvalidValue));
            }
        }
    }

    private static void WarnIfDeprecatedForRemoval(List<Finding> findings, string section, string key, Opt opt, IniValue at)
    {
        if (opt.DeprecatedForRemoval)
        {
            string reason = string.IsNullOrEmpty(opt.DeprecatedReason) ? "" : $" ({opt.DeprecatedReason})";
            findings.Add(new Finding(FindingSeverity.Warning, at.File, at.Line,
                $"[{section}] {key} is deprecated for removal{reason}; its value may be silently ignored in the future", FindingRule.Deprecated));
        }
    }

    private void CheckRequired(List<Finding> findings, HashSet<(string, string)> seen, IReadOnlyList<IniDocument> files)
    {
        if (files.Count == 0)
        {
            return;
        }

        var lastDocument = files[^1];
        int endLine = Math.Max(1, lastDocument.LineCount);
        foreach (var (group, byDest) in _groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (_excludedGroups.Contains(group))
            {
                continue;
            }

            foreach (var opt in byDest.Values)
            {
                if (opt.Required && opt.Default is null && !seen.Contains((group, opt.Dest)))
                {
                    int line = lastDocument.SectionLine(group) ?? endLine;
                    findings.Add(new Finding(FindingSeverity.Error, lastDocument.Path, line,
                        $"value required for option {opt.Dest} in group [{group}]", FindingRule.MissingRequired));
                }
            }
        }
    }

    private string KnownGroups() => string.Join(", ", _groups.Keys.Order(StringComparer.Ordinal).Select(g => $"[{g}]"));

    private static int FirstLine(Dictionary<string, List<IniValue>> keys) =>
        keys.Values.SelectMany(v => v).Select(v => v.Line).DefaultIfEmpty(1).Min();

    /// <summary>True when the value holds a <c>$name</c>/<c>${name}</c> reference (<c>$$</c> is an escaped dollar).</summary>
    private static bool HasReference(string value)
    {
        for (int i = 0; i < value.Length - 1; i++)
        {
            if (value[i] == '$')
            {
                if (value[i + 1] == '$')
                {
                    i++;
                    continue;
                }

                if (value[i + 1] == '{' || char.IsLetter(value[i + 1]) || value[i + 1] == '_')
                {
                    return true;
                }
            }
        }

        return false;
    }
}
