namespace Oslo.Config;

/// <summary>
/// One immutable parse of the command line and every config file: the unit that reload and mutate swap. Files
/// are kept in parse order; command-line option values are already merged with the values of those options
/// found in files, in argument order (argparse semantics).
/// </summary>
internal sealed class ParsedConfig(ParseOptions options, IReadOnlyList<Ini.IniDocument> files,
    IReadOnlyList<string> configFiles, IReadOnlyList<string> configDirs, Dictionary<OptKey, RawValue> cli,
    HashSet<OptKey> fromCommandLine, IReadOnlyDictionary<string, string>? environment)
{
    /// <summary>The <c>OS_*</c> environment variables when the parse happened (null when a lookup function is used).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; } = environment;

    public ParseOptions Options { get; } = options;

    public IReadOnlyList<Ini.IniDocument> Files { get; } = files;

    /// <summary>The <c>config_file</c> value: the <c>--config-file</c> arguments, or the default files.</summary>
    public IReadOnlyList<string> ConfigFiles { get; } = configFiles;

    /// <summary>The <c>config_dir</c> value: the <c>--config-dir</c> arguments, or the default dirs.</summary>
    public IReadOnlyList<string> ConfigDirs { get; } = configDirs;

    /// <summary>Values of command-line options (from the command line or from files, last one wins).</summary>
    public Dictionary<OptKey, RawValue> Cli { get; } = cli;

    /// <summary>Command-line options whose final value was given on the command line itself.</summary>
    public HashSet<OptKey> FromCommandLine { get; } = fromCommandLine;

    /// <summary>Reads the <c>OS_*</c> variables of the process once, so resolving never walks the environment block.</summary>
    public static Dictionary<string, string> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            if (e.Key is string key && key.StartsWith("OS_", StringComparison.Ordinal) && e.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>The value of an option in the files (newest file first; in each file the new name beats deprecated ones).</summary>
    public RawValue? FindInFiles(OptEntry entry)
    {
        if (entry.Opt.IsMulti)
        {
            var items = new List<RawItem>();
            DeprecatedOpt? via = null;
            foreach (Ini.IniDocument file in Files)
            {
                // oslo prepends each name's values while walking (current, deprecated...), so in one file the
                // deprecated names' values come first: "m = a" then "old = b" gives ['b', 'a'].
                foreach ((string section, string key, DeprecatedOpt? deprecated) in Candidates(entry).Reverse())
                {
                    List<Ini.IniValue>? values = file.Get(section, key);
                    if (values is not null)
                    {
                        via ??= deprecated;
                        items.AddRange(values.Select(RawItem.FromFile));
                    }
                }
            }

            return items.Count > 0 ? new RawValue(items, via) : null;
        }

        bool plain = entry.Opt.DeprecatedOpts.Count == 0;
        for (int i = Files.Count - 1; i >= 0; i--)
        {
            if (plain)
            {
                // The common case, without the candidate enumeration.
                if (Files[i].Get(entry.Section, entry.Opt.Dest) is { } found)
                {
                    Ini.IniValue last = found[^1];
                    return new RawValue([RawItem.FromFile(last)]);
                }

                continue;
            }

            foreach ((string section, string key, DeprecatedOpt? deprecated) in Candidates(entry))
            {
                List<Ini.IniValue>? values = Files[i].Get(section, key);
                if (values is not null)
                {
                    Ini.IniValue last = values[^1];
                    return new RawValue([RawItem.FromFile(last)], deprecated);
                }
            }
        }

        return null;
    }

    /// <summary>The value of an option in one file (used while parsing, for command-line options found in files).</summary>
    public static RawValue? FindInFile(Ini.IniDocument file, OptEntry entry)
    {
        if (entry.Opt.IsMulti)
        {
            // As in FindInFiles: every name's values, the deprecated names' first.
            var items = new List<RawItem>();
            DeprecatedOpt? via = null;
            foreach ((string section, string key, DeprecatedOpt? deprecated) in Candidates(entry).Reverse())
            {
                if (file.Get(section, key) is { } values)
                {
                    via ??= deprecated;
                    items.AddRange(values.Select(RawItem.FromFile));
                }
            }

            return items.Count > 0 ? new RawValue(items, via) : null;
        }

        foreach ((string section, string key, DeprecatedOpt? deprecated) in Candidates(entry))
        {
            List<Ini.IniValue>? values = file.Get(section, key);
            if (values is not null)
            {
                return new RawValue([RawItem.FromFile(values[^1])], deprecated);
            }
        }

        return null;
    }

    private static IEnumerable<(string Section, string Key, DeprecatedOpt? Deprecated)> Candidates(OptEntry entry)
    {
        yield return (entry.Section, entry.Opt.Dest, null);
        foreach (DeprecatedOpt d in entry.Opt.DeprecatedOpts)
        {
            string section = d.Group is null ? entry.Section : Ini.IniDocument.NormalizeSection(d.Group);
            // oslo looks a deprecated name up as written (old-url) and with underscores (old_url).
            string name = d.Name ?? entry.Opt.Dest;
            yield return (section, name, d);
            if (name.Contains('-', StringComparison.Ordinal))
            {
                yield return (section, name.Replace('-', '_'), d);
            }
        }
    }
}
