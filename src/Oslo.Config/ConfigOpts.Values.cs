using System.Collections;
using System.Text;
using System.Text.RegularExpressions;

namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// The value of a registered option. Precedence, first hit wins: override, command line, environment
    /// <c>OS_{GROUP}__{OPT}</c>, config files (last file wins; a command-line option takes whichever of file and
    /// argument came last), <see cref="SetDefault"/>, the option's default. Strings are interpolated
    /// (<c>$opt</c>, <c>${group.opt}</c>), then converted lazily with the option's type.
    /// </summary>
    /// <exception cref="NoSuchOptException">The option is not registered in that group.</exception>
    /// <exception cref="ConfigFileValueException">The file value is not valid; the message names file and line.</exception>
    /// <exception cref="ConfigSourceValueException">The environment value is not valid.</exception>
    /// <exception cref="TemplateSubstitutionException">A <c>$reference</c> is unknown or circular.</exception>
    public T? Get<T>(Opt<T> opt, OptGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(opt);
        object? value = GetValue(opt.Dest, group?.Name);
        return value is T t ? t : default;
    }

    /// <summary>The value of an option by name (<c>conf.name</c> / <c>conf.group.name</c> in oslo).</summary>
    /// <param name="name">The option name or dest (a deprecated name works too, with a warning).</param>
    /// <param name="group">The group name; null or <c>DEFAULT</c> for DEFAULT.</param>
    public object? GetValue(string name, string? group = null) => GetValue(State, name, group);

    /// <summary>
    /// A consistent read-only view of the current values: every read through it sees the same reload, even when
    /// a reload or mutate happens in between.
    /// </summary>
    public ConfigOptsSnapshot GetSnapshot() => new(this, State);

    internal object? GetValue(ConfigState state, string name, string? group)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (state.Registry.FindGroup(group) is null)
        {
            throw new NoSuchGroupException(group!);
        }

        OptEntry entry = state.Registry.Find(name, group) ?? FindByDeprecatedName(state, name, group)
            ?? throw new NoSuchOptException(name, group);
        return Resolve(state, entry, null);
    }

    /// <summary>The value of an option by name, cast to <typeparamref name="T"/>.</summary>
    public T? GetValue<T>(string name, string? group = null) => GetValue(name, group) is T t ? t : default;

    /// <summary>Whether an option of that name is registered in the group.</summary>
    public bool Contains(string name, string? group = null) => State.Registry.Find(name, group) is not null;

    private OptEntry? FindByDeprecatedName(ConfigState state, string name, string? group)
    {
        string wantedGroup = group ?? OptGroup.DefaultName;
        foreach (OptEntry entry in state.Registry.AllOpts)
        {
            foreach (DeprecatedOpt d in entry.Opt.DeprecatedOpts)
            {
                if ((d.Name ?? entry.Opt.Dest) == name && (d.Group ?? entry.GroupDisplay) == wantedGroup)
                {
                    if (_warned.TryAdd($"access:{wantedGroup}.{name}", true))
                    {
                        Log.DeprecatedNameAccessed(_logger, wantedGroup, name, entry.GroupDisplay, entry.Opt.Dest);
                    }

                    return entry;
                }
            }
        }

        return null;
    }

    // Resolution of one option in one state. `chain` holds the options whose $references are being expanded
    // (cycle detection); it is only allocated once a reference is met, so plain values cost no list.
    private object? Resolve(ConfigState state, OptEntry entry, List<OptKey>? chain)
    {
        if (state.Cache.TryGetValue(entry.Key, out object? cached))
        {
            return cached;
        }

        bool cacheable;
        if (chain is null)
        {
            object? plain = Compute(state, entry, null, out cacheable);
            if (cacheable)
            {
                state.Cache.TryAdd(entry.Key, plain);
            }

            return plain;
        }

        if (chain.Contains(entry.Key))
        {
            throw new TemplateSubstitutionException(
                "circular reference: " + string.Join(" -> ", chain.Append(entry.Key).SkipWhile(k => k != entry.Key)));
        }

        chain.Add(entry.Key);
        try
        {
            object? value = Compute(state, entry, chain, out cacheable);
            if (cacheable)
            {
                state.Cache.TryAdd(entry.Key, value);
            }

            return value;
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    // `cacheable` is false for values taken from the Opt definition's default: Opt.SetDefault may change it
    // at any time (oslo's module-level set_defaults), and reading it again is cheap.
    private object? Compute(ConfigState state, OptEntry entry, List<OptKey>? chain, out bool cacheable)
    {
        Opt opt = entry.Opt;
        cacheable = true;
        if (state.Overrides.TryGetValue(entry.Key, out object? overridden))
        {
            return ConvertIfReference(state, entry, overridden, chain);
        }

        ParsedConfig? parsed = opt.Mutable ? state.Current : state.Startup;
        if (parsed is not null && FindRaw(parsed, entry) is { } raw)
        {
            WarnDeprecations(entry, raw);
            return ConvertRaw(state, entry, raw, chain);
        }

        if (state.Defaults.TryGetValue(entry.Key, out object? defaulted))
        {
            return ConvertIfReference(state, entry, defaulted, chain);
        }

        cacheable = false;
        object? definitionDefault = opt.Default;
        if (definitionDefault is null)
        {
            // oslo: a multi-valued option without a value or default is None (and $m substitutes ''), not [].
            return null;
        }

        return ConvertDefault(state, entry, definitionDefault, chain);
    }

    // The option's own default, checked when it is returned (oslo's _do_get): a default holding a $reference is
    // converted once substituted; a bad one is a ValueError, or with validate_default_values oslo's
    // "Default value for option x is not valid".
    private object? ConvertDefault(ConfigState state, OptEntry entry, object definitionDefault, List<OptKey>? chain)
    {
        try
        {
            object? substituted = SubstituteValue(state, entry, definitionDefault, chain);
            if (ReferenceEquals(substituted, definitionDefault) && !Opt.IsReference(definitionDefault))
            {
                return definitionDefault;
            }

            return entry.Opt.ConvertValue(substituted);
        }
        catch (Exception e) when (e is ConfigValueException or ConfigSourceValueException && state.Current?.Options.ValidateDefaultValues == true)
        {
            // A referenced option's bad value too: "Default value for option b is not valid: Value for option a ...".
            throw ConfigFileValueException.ForDefault(entry.Opt.Name, e.Message, e);
        }
    }

    /// <summary>The raw value of an option in a parse, following the precedence of sources (override and defaults excluded).</summary>
    private RawValue? FindRaw(ParsedConfig parsed, OptEntry entry)
    {
        RawValue? cliValue = null;
        if (entry.Cli && parsed.Cli.TryGetValue(entry.Key, out cliValue) && parsed.FromCommandLine.Contains(entry.Key))
        {
            return cliValue;
        }

        if (parsed.Options.UseEnv)
        {
            string variable = entry.EnvironmentVariable;
            string? env = parsed.Environment is { } snapshot ? snapshot.GetValueOrDefault(variable) : _environment?.Invoke(variable);
            if (env is not null)
            {
                return new RawValue([new RawItem(env, SourceKind.Environment, Origin: "environment variable " + variable)]);
            }
        }

        return cliValue ?? parsed.FindInFiles(entry);
    }

    private object? ConvertRaw(ConfigState state, OptEntry entry, RawValue raw, List<OptKey>? chain)
    {
        if (entry.Opt.IsMulti)
        {
            // oslo substitutes every item, then converts them: a bad reference beats a bad item before it.
            var texts = new List<string>(raw.Items.Count);
            foreach (RawItem item in raw.Items)
            {
                texts.Add(SubstituteItem(state, entry, item, chain));
            }

            var items = new List<object?>(raw.Items.Count);
            for (int i = 0; i < texts.Count; i++)
            {
                items.Add(ParseItem(entry, raw.Items[i], texts[i]));
            }

            return entry.Opt.CreateList(items);
        }

        RawItem last = raw.Items[^1];
        return ParseItem(entry, last, SubstituteItem(state, entry, last, chain));
    }

    // A referenced option's bad value is reported inside the referring option's error, as oslo does
    // ("Value for option a from X is not valid: Value for option b from Y is not valid: ...").
    private string SubstituteItem(ConfigState state, OptEntry entry, RawItem item, List<OptKey>? chain)
    {
        try
        {
            return Substitute(state, entry, item.Value, chain);
        }
        catch (ConfigSourceValueException e)
        {
            throw ValueError(entry, item, e.Message, e);
        }
    }

    private static object? ParseItem(OptEntry entry, RawItem item, string text)
    {
        try
        {
            return entry.Opt.Type.Parse(text);
        }
        catch (ConfigValueException e)
        {
            throw ValueError(entry, item, e.Message, e);
        }
    }

    // oslo names the option by its name (max-conn), not its dest.
    private static ConfigSourceValueException ValueError(OptEntry entry, RawItem item, string reason, Exception inner) =>
        item.Kind == SourceKind.File
            ? new ConfigFileValueException(entry.Opt.Name, item.Where, reason, inner)
            : new ConfigSourceValueException(entry.Opt.Name, item.Where, reason, inner);

    // Overrides and set defaults are converted when set; a value holding a $reference is converted once substituted.
    private object? ConvertIfReference(ConfigState state, OptEntry entry, object? value, List<OptKey>? chain)
    {
        object? substituted = SubstituteValue(state, entry, value, chain);
        if (ReferenceEquals(substituted, value) && !Opt.IsReference(value))
        {
            return value;
        }

        try
        {
            return entry.Opt.ConvertValue(substituted);
        }
        catch (ConfigValueException e)
        {
            throw new ConfigSourceValueException(entry.Opt.Dest, "default", e.Message, e);
        }
    }

    private object? SubstituteValue(ConfigState state, OptEntry entry, object? value, List<OptKey>? chain)
    {
        switch (value)
        {
            case string s:
                {
                    string result = Substitute(state, entry, s, chain);
                    return result == s ? value : result;
                }

            case IReadOnlyList<string?> list when list.Any(i => i is not null && i.Contains('$', StringComparison.Ordinal)):
                return list.Select(i => i is null ? null : Substitute(state, entry, i, chain)).ToList();
            case IReadOnlyDictionary<string, string?> dict when dict.Any(p => p.Key.Contains('$', StringComparison.Ordinal) || (p.Value?.Contains('$', StringComparison.Ordinal) ?? false)):
                {
                    var result = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, string?> p in dict)
                    {
                        result[Substitute(state, entry, p.Key, chain)] = p.Value is null ? null : Substitute(state, entry, p.Value, chain);
                    }

                    return result;
                }

            default:
                return value;
        }
    }

    /// <summary>
    /// Python <c>string.Template.safe_substitute</c> with oslo's lookup: <c>$$</c> and <c>\$</c> give <c>$</c>;
    /// <c>$name</c>/<c>${name}</c> is first an option of the referencing option's group, then of DEFAULT;
    /// <c>$group.name</c> names the group; a <c>$</c> not followed by a name is kept.
    /// </summary>
    private string Substitute(ConfigState state, OptEntry entry, string text, List<OptKey>? chain)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        text = text.Replace("\\$", "$$", StringComparison.Ordinal);
        var result = new StringBuilder(text.Length);
        int copied = 0;
        foreach (Match m in TemplateRegex().Matches(text))
        {
            result.Append(text, copied, m.Index - copied);
            copied = m.Index + m.Length;
            string key = m.Groups["named"].Success ? m.Groups["named"].Value : m.Groups["braced"].Success ? m.Groups["braced"].Value : "";
            if (m.Groups["escaped"].Success)
            {
                result.Append('$');
            }
            else if (key.Length == 0)
            {
                result.Append(m.Value);
            }
            else
            {
                result.Append(Lookup(state, entry, key, chain));
            }

            // "$b$b" in a, "$c$c" in b...: each level doubles the text, so thirty lines of config expand to
            // gigabytes. oslo has no limit; we stop at one that no real value comes near.
            if (result.Length > MaxExpandedLength)
            {
                throw new TemplateSubstitutionException(
                    $"the value of {entry.GroupDisplay}.{entry.Opt.Dest} expands to more than {MaxExpandedLength} characters");
            }
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    private string Lookup(ConfigState state, OptEntry referrer, string key, List<OptKey>? chain)
    {
        OptEntry? target = null;
        int dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            string groupName = key[..dot];
            GroupEntry? group = state.Registry.FindGroup(groupName);
            if (group is not null)
            {
                target = state.Registry.Find(key[(dot + 1)..], group.Name);
            }
        }
        else
        {
            target = (referrer.Group is not null ? state.Registry.Find(key, referrer.Group) : null) ?? state.Registry.Find(key, null);
            if (target is null && state.Registry.Groups.ContainsKey(key))
            {
                throw new TemplateSubstitutionException($"substituting group {key} not supported");
            }
        }

        if (target is null)
        {
            throw new TemplateSubstitutionException($"no such option {key} referenced by {referrer.GroupDisplay}.{referrer.Opt.Dest}");
        }

        object? value = Resolve(state, target, chain ?? [referrer.Key]);
        return value is null ? "" : PyRepr.Display(value);
    }

    private void WarnDeprecations(OptEntry entry, RawValue raw)
    {
        if (raw.ViaDeprecated is { } d && _warned.TryAdd($"name:{entry.Key}:{d.Group}.{d.Name}", true))
        {
            Log.DeprecatedNameUsed(_logger, d.Name ?? entry.Opt.Dest, d.Group ?? entry.GroupDisplay, entry.Opt.Dest, entry.GroupDisplay);
        }

        if (entry.Opt.DeprecatedForRemoval && _warned.TryAdd($"removal:{entry.Key}", true))
        {
            Log.DeprecatedForRemovalUsed(_logger, entry.Opt.Dest, entry.GroupDisplay,
                entry.Opt.DeprecatedReason is { } reason ? $" ({reason})" : "");
        }
    }

    /// <summary>The longest text a value may become once its <c>$references</c> are substituted (1 MiB of characters).</summary>
    public const int MaxExpandedLength = 1 << 20;

    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_a-z][\._a-z0-9]*)|\{(?<braced>[_a-z][\._a-z0-9]*)\}|(?<invalid>))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TemplateRegex();
}
