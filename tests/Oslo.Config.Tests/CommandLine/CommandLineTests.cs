using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.CommandLine;

// argparse behaviours oslo users rely on (reference 1.3), checked through ConfigOpts.Parse.
public class CommandLineTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public CommandLineTests()
    {
        _f.Conf.RegisterCliOpts([
            new StrOpt("foo", shortName: 'f', help: "The foo."),
            new BoolOpt("verbose", help: "Be loud."),
            new IntOpt("count"),
            new MultiStrOpt("item"),
            new PortOpt("port", deprecatedName: "old_port"),
        ]);
        _f.Conf.RegisterCliOpts([new StrOpt("key"), new BoolOpt("debug")], new OptGroup("grp", title: "Group options", help: "Options of the group."));
    }

    public void Dispose() => _f.Dispose();

    private CommandLineExitException Exit(params string[] args) => Assert.Throws<CommandLineExitException>(() => _f.Parse(args));

    [Fact]
    public void LongShortEqualsAndAttached()
    {
        _f.Parse("--foo", "a");
        Assert.Equal("a", _f.Conf.GetValue("foo"));
        _f.Parse("--foo=b");
        Assert.Equal("b", _f.Conf.GetValue("foo"));
        _f.Parse("-f", "c");
        Assert.Equal("c", _f.Conf.GetValue("foo"));
        _f.Parse("-fd");
        Assert.Equal("d", _f.Conf.GetValue("foo"));
        Assert.Equal(["-fd"], _f.Conf.Args);
    }

    [Fact]
    public void UniquePrefix_Abbreviates_AmbiguousFails()
    {
        _f.Parse("--verb", "--fo=x", "--cou", "3");
        Assert.Equal(true, _f.Conf.GetValue("verbose"));
        Assert.Equal("x", _f.Conf.GetValue("foo"));
        Assert.Equal(3, _f.Conf.GetValue("count"));

        CommandLineExitException e = Exit("--co", "1");
        Assert.Equal(2, e.ExitCode);
        Assert.EndsWith("prog: error: ambiguous option: --co could match --config-dir, --config-file, --count\n", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_AndInverse_AndGroupPrefix()
    {
        _f.Parse("--verbose", "--noverbose", "--grp-debug", "--grp-key", "k");
        Assert.Equal(false, _f.Conf.GetValue("verbose"));
        Assert.Equal(true, _f.Conf.GetValue("debug", "grp"));
        Assert.Equal("k", _f.Conf.GetValue("key", "grp"));
        _f.Parse("--grp-nodebug");
        Assert.Equal(false, _f.Conf.GetValue("debug", "grp"));
        Assert.EndsWith("prog: error: argument --verbose: ignored explicit argument 'x'\n", Exit("--verbose=x").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_LastWins_MultiAppends()
    {
        _f.Parse("--foo", "1", "--foo", "2", "--item", "a", "--item=b");
        Assert.Equal("2", _f.Conf.GetValue("foo"));
        Assert.Equal(["a", "b"], (IEnumerable<string?>)_f.Conf.GetValue("item")!);
    }

    [Fact]
    public void ConfigFileWithEquals_AndSnapshotReads()
    {
        string file = _f.Write("eq.conf", "[DEFAULT]\ncount = 4\n[grp]\nkey = k\n");
        _f.Parse("--config-file=" + file);
        ConfigOptsSnapshot snapshot = _f.Conf.GetSnapshot();
        Assert.Equal(4, snapshot.GetValue("count"));
        Assert.Equal("k", snapshot.GetValue("key", "grp"));
        Assert.Equal([file], _f.Conf.ConfigFiles);
    }

    [Fact]
    public void DeprecatedName_IsAnAlias()
    {
        _f.Parse("--old_port", "8080");
        Assert.Equal(8080, _f.Conf.GetValue("port"));
    }

    [Fact]
    public void UnknownOption_ExitsWithStatus2AndUsage()
    {
        CommandLineExitException e = Exit("--bogus");
        Assert.Equal(2, e.ExitCode);
        Assert.True(e.IsError);
        Assert.StartsWith("usage: prog [-h]", e.Output, StringComparison.Ordinal);
        Assert.EndsWith("\nprog: error: unrecognized arguments: --bogus\n", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValue_Exits2() =>
        Assert.EndsWith("prog: error: argument --count: expected one argument\n", Exit("--count").Output, StringComparison.Ordinal);

    [Fact]
    public void BadValue_Exits1WithOsloText()
    {
        CommandLineExitException e = Exit("--port", "abc");
        Assert.Equal(1, e.ExitCode);
        Assert.Equal("argument --port: Invalid Port(min=0, max=65535) value: abc\n", e.Output);
    }

    [Fact]
    public void BadValueOfCliOptFromFile_NamesTheFileAndLineNotAFlag()
    {
        // oslo blames "argument --count", a flag nobody passed (issue #14; docs/differences.md).
        string file = _f.Write("a.conf", "[DEFAULT]\ncount = many\n");
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Parse("--config-file", file));
        Assert.Equal($"Value for option count from {file}:2 is not valid: invalid literal for int() with base 10: 'many'", e.Message);
    }

    [Fact]
    public void Help_ListsEveryCliOptionAlphabetically()
    {
        CommandLineExitException e = Exit("--help");
        Assert.Equal(0, e.ExitCode);
        Assert.False(e.IsError);
        string help = e.Output;
        string[] order = ["-h, --help", "--config-dir DIR", "--config-file PATH", "--count COUNT", "-f FOO, --foo FOO", "--item ITEM", "--noverbose", "--port PORT, --old_port PORT", "--verbose", "Group options:", "--grp-debug", "--grp-key GRP_KEY", "--grp-nodebug"];
        int last = help.IndexOf("\noptions:\n", StringComparison.Ordinal);
        foreach (string item in order)
        {
            int at = help.IndexOf(item, last + 1, StringComparison.Ordinal);
            Assert.True(at > last, $"'{item}' missing or out of order in:\n{help}");
            last = at;
        }

        Assert.Contains("The inverse of --verbose", help, StringComparison.Ordinal);
        Assert.Contains("Group options:\n  Options of the group.\n\n  --grp-debug\n", help, StringComparison.Ordinal);
        Assert.Contains("The foo.", help, StringComparison.Ordinal);
        Assert.StartsWith("usage: prog [-h]", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WrappedAt78Columns() =>
        Assert.Equal(
            "usage: prog [-h] [--config-dir DIR] [--config-file PATH] [--count COUNT]\n"
            + "            [-f FOO] [--item ITEM] [--noverbose] [--port PORT] [--verbose]\n"
            + "            [--grp-debug] [--grp-key GRP_KEY] [--grp-nodebug]\n",
            _f.Conf.FormatUsage("prog"));

    [Fact]
    public void Version_PrintsAndExits0()
    {
        CommandLineExitException e = Assert.Throws<CommandLineExitException>(() =>
            _f.Conf.Parse(["--version"], prog: "prog", version: "1.2.3", defaultConfigFiles: [], defaultConfigDirs: []));
        Assert.Equal(0, e.ExitCode);
        Assert.Equal("1.2.3\n", e.Output);
        Assert.EndsWith("unrecognized arguments: --version\n", Exit("--version").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DoubleDash_EndsOptions()
    {
        _f.Conf.Clear();
        var conf = new ConfigOpts();
        conf.RegisterCliOpt(new StrOpt("name", positional: true));
        conf.Parse(["--", "--odd"], prog: "p", defaultConfigFiles: [], defaultConfigDirs: []);
        Assert.Equal("--odd", conf.GetValue("name"));
    }

    // argparse (Python 3.11, as oslo.config 9.0 runs it) lists them in command-line order; ours put values first.
    [Theory]
    [InlineData("--bogus x", "--bogus x")]
    [InlineData("x --bogus y --count 3 z", "x --bogus y z")]
    [InlineData("--bogus=1 b", "--bogus=1 b")]
    [InlineData("--count 1 --", "--")]
    [InlineData("--", "--")]
    public void Unrecognized_InCommandLineOrder(string args, string unrecognized) =>
        Assert.EndsWith($"prog: error: unrecognized arguments: {unrecognized}\n", Exit(args.Split(' ')).Output, StringComparison.Ordinal);
}

public class PositionalTests
{
    private static ConfigOpts Parse(ConfigOpts conf, params string[] args)
    {
        conf.Parse(args, prog: "prog", defaultConfigFiles: [], defaultConfigDirs: []);
        return conf;
    }

    [Fact]
    public void Positionals_AssignedInOrder_OptionalAndMany()
    {
        var conf = new ConfigOpts();
        conf.RegisterCliOpts([
            new StrOpt("src", positional: true),
            new StrOpt("dst", positional: true, required: false),
            new MultiStrOpt("rest", positional: true, required: false),
        ]);
        Parse(conf, "a", "--", "b", "c", "d");
        Assert.Equal("a", conf.GetValue("src"));
        Assert.Equal("b", conf.GetValue("dst"));
        Assert.Equal(["c", "d"], (IEnumerable<string?>)conf.GetValue("rest")!);
        Parse(conf, "only");
        Assert.Null(conf.GetValue("dst"));
    }

    [Fact]
    public void Positional_Missing_Exits2()
    {
        var conf = new ConfigOpts();
        conf.RegisterCliOpt(new StrOpt("name", positional: true));
        var e = Assert.Throws<CommandLineExitException>(() => Parse(conf));
        Assert.Equal(2, e.ExitCode);
        Assert.EndsWith("prog: error: the following arguments are required: name\n", e.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus b a", "--bogus a")]
    [InlineData("a --bogus b", "--bogus b")]
    [InlineData("a -- b", "b")]
    [InlineData("a --count 1 --", "--")]
    public void Unrecognized_WithAPositional_LeftOverInCommandLineOrder(string args, string unrecognized)
    {
        var conf = new ConfigOpts();
        conf.RegisterCliOpts([new IntOpt("count"), new StrOpt("name", positional: true)]);
        var e = Assert.Throws<CommandLineExitException>(() => Parse(conf, args.Split(' ')));
        Assert.EndsWith($"prog: error: unrecognized arguments: {unrecognized}\n", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DoubleDash_BeforeAPositional_Consumed()
    {
        var conf = new ConfigOpts();
        conf.RegisterCliOpt(new StrOpt("name", positional: true));
        Assert.Equal("a", Parse(conf, "--", "a").GetValue("name"));
    }

    [Fact]
    public void ExtraPositional_Unrecognized()
    {
        var conf = new ConfigOpts();
        var e = Assert.Throws<CommandLineExitException>(() => Parse(conf, "stray"));
        Assert.EndsWith("prog: error: unrecognized arguments: stray\n", e.Output, StringComparison.Ordinal);
    }
}
