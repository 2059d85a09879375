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
            "Value errors name the file and line (`/etc/x.conf:12`), oslo prints a LocationInfo; the reason text is the same",
            (_, _, oslo, ours) => Reason(oslo) is { } a && Reason(ours) is { } b && a == b && Type(oslo) == Type(ours)),
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
            "A `$name` / `${group.name}` naming no option is a TemplateSubstitutionError naming the missing reference and the referring option; oslo raises NoSuchOptError for the referring option, or NoSuchGroupError",
            (_, key, oslo, ours) => key is not null && (oslo.StartsWith("E NoSuchOptError: ", StringComparison.Ordinal) || oslo.StartsWith("E NoSuchGroupError: ", StringComparison.Ordinal))
                && ours.StartsWith("E TemplateSubstitutionError: template substitution error: no such option ", StringComparison.Ordinal)),
        new("DIFF-CIRCULAR-REFERENCE",
            "A circular `$reference` is a TemplateSubstitutionError naming the cycle; oslo overflows Python's stack (RecursionError)",
            (_, _, oslo, ours) => oslo.Contains("RecursionError: ", StringComparison.Ordinal) && ours.Contains("TemplateSubstitutionError: template substitution error: circular reference", StringComparison.Ordinal)),
        new("DIFF-URI-MESSAGE",
            "A bad URI's reason is one sentence (`x is not a valid URI: host, scheme were required but missing`), not rfc3986's exception tuple",
            (_, _, oslo, ours) => Reason(oslo) is { } a && a.StartsWith("('", StringComparison.Ordinal) && Reason(ours) is { } b && b.Contains(" is not a valid URI", StringComparison.Ordinal)),
        new("DIFF-ENV-LOCATION",
            "A bad `OS_GROUP__OPT` value is a ConfigSourceValueError naming the variable; oslo may report it as a ConfigFileValueError located in a config file",
            (_, _, oslo, ours) => Reason(oslo) is { } a && Reason(ours) == a && ours.Contains(" from environment variable OS_", StringComparison.Ordinal)),
        new("OSLO-BUG-MULTIOPT-DEFAULT",
            "oslo bug not copied: `MultiOpt(item_type=Integer(), default=[1, 2])` raises DefaultValueError; ours accepts the default",
            (c, key, oslo, _) => key is null && c.Opts.Any(o => o.Kind == "multiint" && o.Default is not null)
                && oslo.StartsWith("DefaultValueError: Error processing default value [", StringComparison.Ordinal)),
        new("OSLO-BUG-DEPRECATEDOPT-WITHOUT-NAME",
            "oslo bug not copied: `deprecated_opts=[DeprecatedOpt(None, group='old')]` crashes with TypeError; ours reads the option's name in the old group",
            (c, key, oslo, _) => key is null && c.Opts.Any(o => o.DeprecatedOpts?.Any(d => d.Name is null) == true)
                && oslo.StartsWith("TypeError: argument of type 'NoneType' is not iterable", StringComparison.Ordinal)),
    ];

    /// <summary>The rule that explains a difference, or null.</summary>
    public static Rule? Explain(DiffCase c, string? key, string oslo, string ours) =>
        All.FirstOrDefault(r => r.Explains(c, key, oslo, ours));

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
