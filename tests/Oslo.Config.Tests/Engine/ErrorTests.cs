using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Errors a user can act on: each names the file and line, or the option and group.
public class ErrorTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void BadFileValue_NamesFileAndLine_EachAccess()
    {
        var port = new PortOpt("port");
        _f.Conf.RegisterOpt(port);
        string file = _f.Write("val.conf", "[DEFAULT]\n# comment\n\nport = abc\n");
        _f.Parse("--config-file", file);
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Conf.Get(port));
        Assert.Equal($"Value for option port from {file}:4 is not valid: invalid literal for int() with base 10: 'abc'", e.Message);
        Assert.Throws<ConfigFileValueException>(() => _f.Conf.Get(port));
    }

    [Fact]
    public void OutOfRangeAndChoices_FromFile()
    {
        _f.Conf.RegisterOpts([new IntOpt("n", max: 5), new StrOpt("mode", choices: ["a", "b"])], "grp");
        string file = _f.Write("r.conf", "[grp]\nn = 6\nmode = c\n");
        _f.Parse("--config-file", file);
        Assert.Equal($"Value for option n from {file}:2 is not valid: Should be less than or equal to 5",
            Assert.Throws<ConfigFileValueException>(() => _f.Conf.GetValue("n", "grp")).Message);
        Assert.Equal($"Value for option mode from {file}:3 is not valid: Valid values are [a, b], but found 'c'",
            Assert.Throws<ConfigFileValueException>(() => _f.Conf.GetValue("mode", "grp")).Message);
    }

    [Fact]
    public void BadEnvironmentValue_NamesVariable()
    {
        _f.Conf.RegisterOpt(new BoolOpt("flag"), "g");
        _f.Environment["OS_G__FLAG"] = "maybe";
        _f.Parse();
        var e = Assert.Throws<ConfigSourceValueException>(() => _f.Conf.GetValue("flag", "g"));
        Assert.IsNotType<ConfigFileValueException>(e);
        Assert.Equal("Value for option flag from environment variable OS_G__FLAG is not valid: Unexpected boolean value 'maybe'", e.Message);
    }

    [Fact]
    public void RequiredMissing_Throws()
    {
        _f.Conf.RegisterOpt(new StrOpt("needed", required: true), "grp");
        Assert.Equal("value required for option needed in group [grp]", Assert.Throws<RequiredOptException>(() => _f.Parse()).Message);
        _f.Conf.SetDefault("needed", "x", "grp");
        _f.Parse();
    }

    [Fact]
    public void MissingFileAndDir_Throw()
    {
        string missing = _f.Dir.Combine("nope.conf");
        Assert.Equal($"Failed to find some config files: {missing}",
            Assert.Throws<ConfigFilesNotFoundException>(() => _f.Parse("--config-file", missing)).Message);
        string dir = _f.Dir.Combine("nodir");
        Assert.Equal($"Failed to read config file directory: {dir}",
            Assert.Throws<ConfigDirNotFoundException>(() => _f.Parse("--config-dir", dir)).Message);
    }

    [Fact]
    public void ParseErrorInFile_ThrowsAtParse()
    {
        string file = _f.Write("bad.conf", "[DEFAULT]\nfoo = 1\nthis line has no equals\n");
        Assert.Equal($"Failed to parse {file}: at {file}:3, No ':' or '=' found in assignment: 'this line has no equals'",
            Assert.Throws<ConfigFileParseException>(() => _f.Parse("--config-file", file)).Message);
    }

    [Fact]
    public void ValidateDefaultValues_ChecksReferencedDefaults()
    {
        var n = new IntOpt("n");
        n.SetDefault("$word");
        _f.Conf.RegisterOpts([new StrOpt("word", @default: "abc"), n]);
        _f.Parse();
        // oslo: a bare ValueError when the default is read...
        var bare = Assert.Throws<ConfigValueException>(() => _f.Conf.GetValue("n"));
        Assert.Equal("invalid literal for int() with base 10: 'abc'", bare.Message);
        // ...and with validate_default_values the parse succeeds and the read names the default (oslo checks the
        // default it returns, not every default at parse time).
        _f.Conf.Parse([], prog: "prog", defaultConfigFiles: [], defaultConfigDirs: [], validateDefaultValues: true);
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Conf.GetValue("n"));
        Assert.Equal("Default value for option n is not valid: invalid literal for int() with base 10: 'abc'", e.Message);
    }
}
