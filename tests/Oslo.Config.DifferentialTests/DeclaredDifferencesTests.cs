using Xunit;

namespace Oslo.Config.DifferentialTests;

/// <summary>
/// The declared rules explain the minimal cases of seeds 8–20 that the sweep left unexplained (oslo.config 9.0's
/// output as recorded), and nothing near them that differs in another way.
/// </summary>
public sealed class DeclaredDifferencesTests
{
    private const string F = "/tmp/d/f0.conf";

    private static OptSpec Opt(string kind, string name, string? group = null, bool cli = false, object? @default = null, bool? required = null) =>
        new() { Kind = kind, Name = name, Group = group, Cli = cli, Default = @default, Required = required };

    private static DiffCase Case(OptSpec[] opts, Dictionary<string, string> env, string file = "", params string[] args) => new()
    {
        Opts = opts,
        Env = env,
        Files = file.Length == 0 ? [] : [new FileSpec("f0.conf", file)],
        Args = file.Length == 0 ? args : ["--config-file", F, .. args],
        Dir = "/tmp/d",
    };

    private static string? Explained(DiffCase c, string? key, string oslo, string ours) => DeclaredDifferences.Explain(c, key, oslo, ours)?.Id;

    [Fact]
    public void MultiEnvChars_SubstitutedVariable_SplitIntoDigits()
    {
        // Seed 9 #1709: OS_DEFAULT__URL=$foo, foo = 80 in a file.
        DiffCase c = Case([Opt("port", "foo"), Opt("multiint", "url")], new() { ["OS_DEFAULT__URL"] = "$foo" }, "[DEFAULT]\nfoo: 80\n");
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(c, "DEFAULT.url", "V [8, 0]", "V [80]"));
        Assert.Null(Explained(c, "DEFAULT.url", "V [8, 1]", "V [80]"));
    }

    [Fact]
    public void MultiEnvChars_SeenThroughAReference()
    {
        // Seed 14 #951: a = $foo, foo a multi int from OS_DEFAULT__FOO=67.
        DiffCase ints = Case([Opt("multiint", "foo"), Opt("str", "a", "other", @default: "$foo")], new() { ["OS_DEFAULT__FOO"] = "67" });
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(ints, "other.a", "V '[6, 7]'", "V '[67]'"));
        Assert.Null(Explained(ints, "other.a", "V '[6, 8]'", "V '[67]'"));

        // Seed 13 #4202: foo = a$b, b a multi str from OS_DEFAULT__B=a,b.
        DiffCase strs = Case([Opt("multistr", "b", @default: new List<object?> { "m1" }), Opt("str", "foo", @default: "")],
            new() { ["OS_DEFAULT__B"] = "a,b", ["OS_DEFAULT__FOO"] = "a$b" });
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(strs, "DEFAULT.foo", "V \"a['a', ',', 'b']\"", "V \"a['a,b']\""));

        // Without a multi option's variable the same texts are not explained.
        DiffCase noEnv = ints with { Env = new Dictionary<string, string>() };
        Assert.Null(Explained(noEnv, "other.a", "V '[6, 7]'", "V '[67]'"));
    }

    [Fact]
    public void MultiEnvChars_BadVariableOfAnOptionAlsoInAFile_FirstCharacterFromTheFile()
    {
        // Seed 10 #1806 (seeds 15 and 18 alike): a required multi int set in a file, OS_GRP__B=maybe.
        DiffCase c = Case([Opt("multiint", "b", "grp", required: true)], new() { ["OS_GRP__B"] = "maybe" }, "[grp]\nb : \"16\"\n");
        string oslo = $"ConfigFileValueError: Value for option b from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: invalid literal for int() with base 10: 'm'";
        string ours = "ConfigSourceValueError: Value for option b from environment variable OS_GRP__B is not valid: invalid literal for int() with base 10: 'maybe'";
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(c, null, oslo, ours));
        Assert.Null(Explained(c, null, oslo.Replace("'m'", "'a'", StringComparison.Ordinal), ours));
    }

    [Fact]
    public void CliEnvPrecedence_SeenThroughAReference()
    {
        // Seed 13 #61: bar_baz = a$b; b is a command-line option given on the command line, in a file and in OS_DEFAULT__B.
        DiffCase c = Case([Opt("str", "bar-baz"), Opt("hostname", "b", cli: true)], new() { ["OS_DEFAULT__B"] = "x_y" },
            "[DEFAULT]\nb: example.org\nbar_baz=a$b\n", "--b", "example.org");
        string oslo = $"E ConfigFileValueError: Value for option bar-baz from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: Value for option b from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: x_y is an invalid hostname";
        string ours = $"E ConfigFileValueError: Value for option bar-baz from {F}:3 is not valid: Value 'aexample.org' exceeds maximum length 3";
        Assert.Equal("OSLO-BUG-CLI-ENV-PRECEDENCE", Explained(c, "DEFAULT.bar_baz", oslo, ours));

        // $bar_baz is not a reference to b.
        DiffCase other = c with { Files = [new FileSpec("f0.conf", "[DEFAULT]\nb: example.org\nbar_baz=a$bar_baz\n")] };
        Assert.Null(Explained(other, "DEFAULT.bar_baz", oslo, ours));
    }

    [Fact]
    public void CliEnvPrecedence_VariableRefersToItself_OsloRecursionError()
    {
        // Seed 12 #2679: oslo takes OS_OTHER__B=a$b over --other-b two, and $b is b again.
        DiffCase c = Case([Opt("str", "b", "other", cli: true, required: true)], new() { ["OS_OTHER__B"] = "a$b" },
            "[other]\nb = a$b\n", "--other-b", "two");
        Assert.Equal("OSLO-BUG-CLI-ENV-PRECEDENCE", Explained(c, null, "RecursionError: maximum recursion depth exceeded", "parsed"));
        Assert.Null(Explained(c with { Args = ["--config-file", F] }, null, "RecursionError: maximum recursion depth exceeded", "parsed"));
    }

    [Fact]
    public void UriMessage_ValueWithAContinuationLine_ComparedWithoutLocations()
    {
        // Seed 19 #1720: n = a$b, b a URI "nota uri\norphan" (a continuation line).
        DiffCase c = Case([Opt("str", "n", required: true), Opt("uri", "b", @default: "http://example.org/")], new(),
            "[DEFAULT]\nn=a$b\nb=nota uri\n  orphan\n");
        string oslo = $"ConfigFileValueError: Value for option n from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: Value for option b from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: ('host, scheme were required but missing', URIReference(scheme=None, authority=None, path='nota%20uri%0Aorphan', query=None, fragment=None), ['host', 'scheme'])";
        string ours = $"ConfigFileValueError: Value for option n from {F}:2 is not valid: Value for option b from {F}:3 is not valid: nota uri\norphan is not a valid URI: host, scheme were required but missing";
        Assert.Equal("DIFF-LOCATION", Explained(c, null, oslo, ours));
        Assert.Null(Explained(c, null, oslo, ours.Replace("Value for option b", "Value for option x", StringComparison.Ordinal)));
    }

    [Fact]
    public void MultiEnvChars_EmptyVariableThroughAReference_NoItems()
    {
        // Seed 29 #1308: url = a$b, OS_DEFAULT__B= (oslo: no characters, no items).
        DiffCase c = Case([Opt("multistr", "b", @default: new List<object?> { "m1" }, required: true), Opt("str", "url")],
            new() { ["OS_DEFAULT__B"] = "" }, "[DEFAULT]\nurl = a$b\n");
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(c, "DEFAULT.url", "V 'a[]'", "V \"a['']\""));
        Assert.Null(Explained(c, "DEFAULT.url", "V 'a[x]'", "V \"a['']\""));
    }

    [Fact]
    public void CliLocation_CommandLineValueThroughAReference_OsloNamesAFile()
    {
        // Seeds 27 and 28: bar_baz = $foo in a file; --other-foo two; foo also set in a file.
        DiffCase c = Case([Opt("list", "bar-baz", "other", cli: true), Opt("ip", "foo", "other", cli: true)], new(),
            "[other]\nbar_baz: $foo\nfoo : fe80::1\n", "--other-foo", "two");
        string oslo = $"ConfigFileValueError: Value for option foo from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: two is not IPv4 or IPv6 address";
        string ours = "ConfigSourceValueError: Value for option foo from command line is not valid: two is not IPv4 or IPv6 address";
        Assert.Equal("DIFF-CLI-LOCATION", Explained(c, null, oslo, ours));
        Assert.Null(Explained(c, null, oslo, ours.Replace("two is", "three is", StringComparison.Ordinal)));
    }

    [Fact]
    public void RepeatedOptionString_InArgparseArgumentText()
    {
        // Seed 26 #2378: deprecated_name='old' and deprecated_opts=[DeprecatedOpt('old', 'DEFAULT')]; --foo -bad.
        DiffCase c = Case([Opt("hostname", "foo", cli: true) with { DeprecatedName = "old", DeprecatedOpts = [new DeprecatedSpec("old", "DEFAULT")] }],
            new(), "", "--foo", "-bad");
        Assert.Equal("OSLO-BUG-REPEATED-OPTION-STRING",
            Explained(c, null, "EXIT 2: prog: error: argument --foo/--old/--old: expected one argument", "EXIT 2: prog: error: argument --foo/--old: expected one argument"));
        Assert.Null(Explained(c, null, "EXIT 2: prog: error: argument --foo/--old/--old: expected one argument", "EXIT 2: prog: error: argument --foo: expected one argument"));
    }

    [Fact]
    public void SeedsBeyond30_OsloBugsInOtherShapes()
    {
        // Seed 33 #4715: the file names the option by its deprecated_opts name (legacy); oslo's variable wins.
        DiffCase s33 = Case([Opt("str", "url", cli: true) with { DeprecatedOpts = [new DeprecatedSpec("legacy", null)] }],
            new() { ["OS_DEFAULT__URL"] = "quoted" }, "[DEFAULT]\nlegacy : hello\n", "--url", "one");
        Assert.Equal("OSLO-BUG-CLI-ENV-PRECEDENCE", Explained(s33, "DEFAULT.url", "V 'quoted'", "V 'one'"));

        // Seed 37 #2708: oslo's variable wins and names a group that does not exist.
        DiffCase s37b = Case([Opt("str", "n", cli: true, required: true)], new() { ["OS_DEFAULT__N"] = "${grp.a}" }, "[DEFAULT]\nn: one\n", "--n", "one");
        Assert.Equal("OSLO-BUG-CLI-ENV-PRECEDENCE", Explained(s37b, null, "NoSuchGroupError: no such group [grp]", "parsed"));

        // Seed 37 #1694: OS_GRP__B=-5, ours [-5], oslo int('-').
        DiffCase s37 = Case([Opt("multiint", "b", "grp", required: true)], new() { ["OS_GRP__B"] = "-5" }, "[grp]\nb = 82\n");
        string oslo = $"ConfigFileValueError: Value for option b from LocationInfo(location=<Locations.user: (4, True)>, detail='{F}') is not valid: invalid literal for int() with base 10: '-'";
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(s37, null, oslo, "parsed"));
        Assert.Null(Explained(s37, null, oslo.Replace("'-'", "'5'", StringComparison.Ordinal), "parsed"));

        // Seed 39 #666: --other-url a$b with OS_DEFAULT__B=34: oslo's bare SystemExit (DIFF-EXIT-STATUS) and [3, 4].
        DiffCase s39 = Case([Opt("multiint", "b"), Opt("str", "url", "other", cli: true)], new() { ["OS_DEFAULT__B"] = "34" }, "", "--other-url", "a$b");
        Assert.Equal("OSLO-BUG-MULTI-ENV-CHARS", Explained(s39, null,
            "EXIT 0: argument --url: Invalid String(choices=['one', 'two']) value: a[3, 4]", "EXIT 1: argument --url: Invalid String(choices=['one', 'two']) value: a[34]"));
        Assert.Null(Explained(s39, null,
            "EXIT 0: argument --url: Invalid String(choices=['one', 'two']) value: a[3, 5]", "EXIT 1: argument --url: Invalid String(choices=['one', 'two']) value: a[34]"));
    }
}
