using System.Text.RegularExpressions;

namespace Oslo.Config.DifferentialTests;

/// <summary>
/// Every deliberate difference from oslo.config 9.0 the differential test accepts, in one place. Each has an id
/// that docs/differences.md must mention (<see cref="DifferentialTests.DifferencesDoc_MentionsEveryDeclaredDifference"/>).
/// A rule gets the option key (or null for the parse outcome) and both renderings, and says whether it explains
/// the difference.
/// </summary>
public static partial class DeclaredDifferences
{
    public sealed record Rule(string Id, string Summary, Func<DiffCase, string?, string, string, bool> Explains);

    public static readonly IReadOnlyList<Rule> All =
    [
        new("DIFF-LOCATION",
            "Value errors name the file and line (`/etc/x.conf:12`) or the variable (`environment variable OS_X__Y`), oslo prints a LocationInfo; the rest of the text is the same",
            (_, _, oslo, ours) => oslo.Contains("LocationInfo(", StringComparison.Ordinal) && WithoutLocations(oslo) == WithoutLocations(ours)),
        new("DIFF-CLI-FILE-VALUE",
            "A command-line option's bad value that came from a file is a ConfigFileValueError naming file:line, not argparse's `argument --x: Invalid ...` (oslo then exits 0)",
            (_, key, oslo, ours) => key is null && oslo.StartsWith("EXIT ", StringComparison.Ordinal) && oslo.Contains(": argument --", StringComparison.Ordinal)
                && ours.StartsWith("ConfigFileValueError: ", StringComparison.Ordinal)),
        new("DIFF-BOM",
            "A UTF-8 byte-order mark at the start of a file is skipped; oslo reads it as part of the first line",
            (c, _, _, _) => c.Files.Any(f => f.Text.StartsWith('\ufeff'))),
        new("DIFF-EXIT-STATUS",
            "A bad command-line value exits 1 (oslo raises a bare SystemExit: status 0)",
            (_, key, oslo, ours) => key is null && oslo.StartsWith("EXIT 0: argument --", StringComparison.Ordinal)
                && ours.StartsWith("EXIT 1: ", StringComparison.Ordinal) && oslo[7..] == ours[7..]),
        new("DIFF-MISSING-REFERENCE",
            "A `$name` / `${group.name}` naming no option is a TemplateSubstitutionError naming the missing reference and the referring option; oslo raises NoSuchOptError for the referring option, or NoSuchGroupError (on reading, or while parsing for a command-line or required option)",
            (_, key, oslo, ours) =>
            {
                string prefix = key is null ? "" : "E ";
                return (oslo.StartsWith(prefix + "NoSuchOptError: ", StringComparison.Ordinal) || oslo.StartsWith(prefix + "NoSuchGroupError: ", StringComparison.Ordinal))
                    && ours.StartsWith(prefix + "TemplateSubstitutionError: template substitution error: no such option ", StringComparison.Ordinal);
            }),
        new("DIFF-CIRCULAR-REFERENCE",
            "A circular `$reference` is a TemplateSubstitutionError naming the cycle; oslo overflows Python's stack (RecursionError), or reports a NoSuchOptError for the option itself or another error met on the way",
            (_, _, oslo, ours) => ours.Contains("TemplateSubstitutionError: template substitution error: circular reference", StringComparison.Ordinal)),
        new("DIFF-URI-MESSAGE",
            "A bad URI's reason is one sentence (`x is not a valid URI: host, scheme were required but missing`), not rfc3986's exception tuple",
            (_, _, oslo, ours) => Reason(oslo) is { } a && a.StartsWith("('", StringComparison.Ordinal) && Reason(ours) is { } b && b.Contains(" is not a valid URI", StringComparison.Ordinal)),
        new("DIFF-ENV-LOCATION",
            "A bad `OS_GROUP__OPT` value is a ConfigSourceValueError naming the variable; oslo may report it as a ConfigFileValueError located in a config file",
            (_, _, oslo, ours) => ours.Contains(" from environment variable OS_", StringComparison.Ordinal)
                && WithoutLocations(oslo).Replace("ConfigFileValueError", "ConfigSourceValueError", StringComparison.Ordinal) == WithoutLocations(ours)),
        new("DIFF-CLI-LOCATION",
            "A bad command-line value met through a `$reference` is a ConfigSourceValueError from the command line; oslo reports it as a ConfigFileValueError located in a config file that also sets the option",
            (_, _, oslo, ours) => ours.Contains(" from command line is not valid: ", StringComparison.Ordinal)
                && oslo.Contains("LocationInfo(location=<Locations.user", StringComparison.Ordinal)
                && WithoutLocations(oslo).Replace("ConfigFileValueError", "ConfigSourceValueError", StringComparison.Ordinal) == WithoutLocations(ours)),
        new("OSLO-BUG-MULTIOPT-DEFAULT",
            "oslo bug not copied: `MultiOpt(item_type=Integer(), default=[1, 2])` raises DefaultValueError; ours accepts the default",
            (c, key, oslo, _) => key is null && c.Opts.Any(o => o.Kind == "multiint" && o.Default is not null)
                && oslo.StartsWith("DefaultValueError: Error processing default value [", StringComparison.Ordinal)),
        new("OSLO-BUG-DEPRECATEDOPT-WITHOUT-NAME",
            "oslo bug not copied: `deprecated_opts=[DeprecatedOpt(None, group='old')]` crashes with TypeError; ours reads the option's name in the old group",
            (c, key, oslo, _) => key is null && c.Opts.Any(o => o.DeprecatedOpts?.Any(d => d.Name is null) == true)
                && oslo.StartsWith("TypeError: argument of type 'NoneType' is not iterable", StringComparison.Ordinal)),
        new("OSLO-BUG-MULTI-ENV-CHARS",
            "oslo bug not copied: an `OS_GROUP__OPT` variable for a multi-valued option is split into characters (`m1` gives ['m', '1'], converted one by one; also after `$` substitution, and seen through a `$reference` from another option); ours gives one value, [value]",
            (c, key, oslo, ours) => key is null
                ? c.Opts.Any(o => o.Kind is "multistr" or "multiint" && c.Env.TryGetValue(EnvName(o), out string? v)
                    && (oslo.Contains($"detail='{EnvName(o)}'", StringComparison.Ordinal) || FirstCharIntError(o, v, oslo, ours)))
                    || (c.Opts.Any(m => m.Kind is "multistr" or "multiint" && c.Env.ContainsKey(EnvName(m)))
                        && (SplitOneItemLists(ours) == oslo
                            || (ours.StartsWith("EXIT 1: ", StringComparison.Ordinal) && oslo == "EXIT 0: " + SplitOneItemLists(ours[8..]))))
                : (OptOf(c, key) is { Kind: "multistr" or "multiint" } o && c.Env.TryGetValue(EnvName(o), out string? env)
                    && (oslo == "V " + CharsRepr(o, env) || oslo.StartsWith("E ", StringComparison.Ordinal)
                        || (env.Contains('$', StringComparison.Ordinal) && OneCharItemsRegex().IsMatch(oslo))))
                    || (c.Opts.Any(m => m.Kind is "multistr" or "multiint" && c.Env.ContainsKey(EnvName(m))) && SplitOneItemLists(ours) == oslo)),
        new("OSLO-BUG-CLI-ENV-PRECEDENCE",
            "oslo bug not copied: a command-line argument beats an `OS_GROUP__OPT` variable, except in oslo when the option also appears in a config file (its location lookup finds the file, so the variable wins; also seen through a `$reference`, and a RecursionError when the variable refers to the option itself); ours: the command line always wins",
            (c, key, oslo, _) => key is null
                ? c.Opts.Any(o => CliBeatsEnv(c, o) && oslo.Contains($"option {o.Name} ", StringComparison.Ordinal)
                    || (oslo.StartsWith("NoSuchOptError", StringComparison.Ordinal) || oslo.StartsWith("NoSuchGroupError", StringComparison.Ordinal) || oslo.StartsWith("RecursionError", StringComparison.Ordinal)) && CliBeatsEnv(c, o) && c.Env[EnvName(o)].Contains('$', StringComparison.Ordinal))
                : OptOf(c, key) is { } opt && (CliBeatsEnv(c, opt) || c.Opts.Any(p => CliBeatsEnv(c, p) && Referenced(c, p)))),
        new("OSLO-BUG-REPEATED-OPTION-STRING",
            "oslo bug not copied: an option string given twice (deprecated_name and deprecated_opts naming the same old name) is listed twice in argparse's text (`duplicate option: --x,--old,--old`); ours lists it once",
            (_, key, oslo, ours) => key is null && ((oslo.StartsWith("DuplicateOptError: duplicate option: ", StringComparison.Ordinal)
                && ours.StartsWith("DuplicateOptError: duplicate option: ", StringComparison.Ordinal)
                && string.Join(',', oslo["DuplicateOptError: duplicate option: ".Length..].Split(',').Distinct()) == ours["DuplicateOptError: duplicate option: ".Length..])
                || (ArgumentTextRegex().Match(oslo) is { Success: true } a && ArgumentTextRegex().Match(ours) is { Success: true } b
                    && a.Groups["head"].Value == b.Groups["head"].Value && a.Groups["rest"].Value == b.Groups["rest"].Value
                    && string.Join('/', a.Groups["strings"].Value.Split('/').Distinct()) == b.Groups["strings"].Value))),
    ];

    // A command-line option given on the command line and in OS_*, that also appears in a file.
    private static bool CliBeatsEnv(DiffCase c, OptSpec o) => o.Cli && c.Env.ContainsKey(EnvName(o))
        && c.Args.Any(a => a == "--" + Flag(o) || a == "--no" + Flag(o) || a.StartsWith("--" + Flag(o) + "=", StringComparison.Ordinal))
        && c.Files.Any(f => f.Text.Contains(o.Dest, StringComparison.Ordinal) || f.Text.Contains(o.Name, StringComparison.Ordinal) || (o.DeprecatedName is { } d && f.Text.Contains(d, StringComparison.Ordinal))
            || o.DeprecatedOpts?.Any(x => x.Name is { } n && f.Text.Contains(n, StringComparison.Ordinal)) == true);

    // A `$dest`, `${dest}` or `${group.dest}` for the option anywhere in the case (files, variables, defaults, arguments).
    private static bool Referenced(DiffCase c, OptSpec o)
    {
        var reference = new Regex(@"\$\{?(?:" + Regex.Escape(o.Group ?? "DEFAULT") + @"\.)?" + Regex.Escape(o.Dest) + @"(?![_a-z0-9.])");
        return c.Files.Any(f => reference.IsMatch(f.Text)) || c.Env.Values.Any(reference.IsMatch) || c.Args.Any(reference.IsMatch)
            || c.Opts.Any(x => x.Default is string d && reference.IsMatch(d));
    }

    // oslo's int() of the variable's characters one by one fails on the first that is not a digit, and is reported
    // from the file the option is also set in (DIFF-ENV-LOCATION): ours names the variable and the whole value.
    private static bool FirstCharIntError(OptSpec o, string env, string oslo, string ours)
    {
        if (o.Kind != "multiint" || env.Contains('$', StringComparison.Ordinal) || env.EnumerateRunes().FirstOrDefault(r => r.Value is < '0' or > '9') is not { Value: > 0 } bad
            || (ours != "parsed" && !ours.Contains($" from environment variable {EnvName(o)} is not valid: ", StringComparison.Ordinal)))
        {
            return false;
        }

        string literal = "invalid literal for int() with base 10: ";
        if (ours == "parsed")
        {
            // Ours converts the whole value (-5); oslo fails on its first character.
            return OsloValueErrorRegex().Match(oslo) is { Success: true } m && m.Groups["name"].Value == o.Name
                && m.Groups["reason"].Value == literal + Oslo.Config.PyRepr.Repr(bad.ToString());
        }

        return WithoutLocations(oslo).Replace("ConfigFileValueError", "ConfigSourceValueError", StringComparison.Ordinal)
            == WithoutLocations(ours).Replace(literal + Oslo.Config.PyRepr.Repr(env), literal + Oslo.Config.PyRepr.Repr(bad.ToString()), StringComparison.Ordinal);
    }

    // ours with every one-item list ([80], ['a,b']) split the way oslo splits the variable: [8, 0], ['a', ',', 'b'].
    // A string value that no longer holds a quote is shown in single quotes, as repr() does ("a['']" -> 'a[]').
    private static string SplitOneItemLists(string ours)
    {
        string split = OneItemListRegex().Replace(ours, m => m.Groups["int"].Success
            ? "[" + string.Join(", ", m.Groups["int"].Value.Select(ch => ch.ToString())) + "]"
            : Oslo.Config.PyRepr.Repr(m.Groups["str"].Value.EnumerateRunes().Select(r => (object?)r.ToString()).ToList()));
        return split.StartsWith("V \"", StringComparison.Ordinal) && split.EndsWith('"') && split.Length > 3
            && !split[3..^1].Contains('\'') && !split[3..^1].Contains('"') && !split[3..^1].Contains('\\')
            ? "V '" + split[3..^1] + "'"
            : split;
    }

    [GeneratedRegex(@"\[(?:(?<int>\d+)|'(?<str>[^'\\]*)'|""(?<str>[^""\\]*)"")\]")]
    private static partial Regex OneItemListRegex();

    [GeneratedRegex(@"^Config(?:File|Source)ValueError: Value for option (?<name>\S+) from LocationInfo\(.*?\) is not valid: (?<reason>.*)$", RegexOptions.Singleline)]
    private static partial Regex OsloValueErrorRegex();

    // argparse's "argument --x/--old/--old: ..." (its usage error, or oslo's bad-value text).
    [GeneratedRegex(@"^(?<head>EXIT \d+: (?:prog: error: )?)argument (?<strings>--[^ :]+): (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex ArgumentTextRegex();

    private static OptSpec? OptOf(DiffCase c, string? key) => key is null ? null : c.Opts.FirstOrDefault(o => o.Key == key);

    private static string EnvName(OptSpec o) => $"OS_{(o.Group ?? "DEFAULT").ToUpperInvariant()}__{o.Dest.ToUpperInvariant()}";

    private static string Flag(OptSpec o) => o.Group is null ? o.Name : $"{o.Group}-{o.Name}";

    // Python's [opt.type(v) for v in "value"]: one item per code point.
    private static string CharsRepr(OptSpec o, string value)
    {
        var chars = value.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (o.Kind == "multistr")
        {
            return Oslo.Config.PyRepr.Repr(chars);
        }

        return chars.All(ch => ch.Length == 1 && char.IsAsciiDigit(ch[0])) ? "[" + string.Join(", ", chars.Select(ch => int.Parse(ch, System.Globalization.CultureInfo.InvariantCulture))) + "]" : "not digits";
    }

    /// <summary>The rule that explains a difference, or null.</summary>
    public static Rule? Explain(DiffCase c, string? key, string oslo, string ours) =>
        All.FirstOrDefault(r => r.Explains(c, key, oslo, ours));

    // Both sides' "from <where> is not valid" with the location taken out (oslo: LocationInfo(...); ours:
    // file:line or "environment variable X" or "command line").
    // A bad URI's reason (DIFF-URI-MESSAGE) is taken out too, so a wrapped URI error compares.
    private static string WithoutLocations(string text) =>
        UriReasonRegex().Replace(OurLocationRegex().Replace(OsloLocationRegex().Replace(text, "from <where> is not valid"), "from <where> is not valid"), "is not valid: <uri reason>");

    // Singleline: a value with a continuation line holds a newline.
    [GeneratedRegex(@"is not valid: (\('[^']*', URIReference\(.*\), \[[^\]]*\]\)|(?:(?!is not valid).)* is not a valid URI: .*)$", RegexOptions.Singleline)]
    private static partial Regex UriReasonRegex();

    [GeneratedRegex(@"from LocationInfo\(location=<Locations\.\w+: \(\d+, \w+\)>, detail='[^']*'\) is not valid")]
    private static partial Regex OsloLocationRegex();

    [GeneratedRegex(@"from (?!<where>)(\S+:\d+|environment variable \S+|command line|default|\S*) is not valid")]
    private static partial Regex OurLocationRegex();

    // oslo's list of one-character strings (the substituted variable split up).
    [GeneratedRegex(@"^V \[(?:(?:'[^'\\]'|""'""|'\\.')(?:, (?=.))?)*\]$")]
    private static partial Regex OneCharItemsRegex();

    private static string? Reason(string text)
    {
        Match m = ReasonRegex().Match(text);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string Type(string text)
    {
        string t = text.StartsWith("E ", StringComparison.Ordinal) ? text[2..] : text;
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? t : t[..colon];
    }

    [GeneratedRegex(@"is not valid: (.*)$", RegexOptions.Singleline)]
    private static partial Regex ReasonRegex();
}
