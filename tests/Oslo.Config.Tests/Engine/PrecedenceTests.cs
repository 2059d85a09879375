using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Reference 2.3 (verified against oslo) plus the documented fix 2: the command line beats the environment.
public class PrecedenceTests : IDisposable
{
    private readonly ConfigFixture _f = new();
    private readonly StrOpt _foo = new("foo");
    private readonly string _f1;
    private readonly string _dir;

    public PrecedenceTests()
    {
        _f.Conf.RegisterCliOpt(_foo);
        _f1 = _f.Write("f1.conf", "[DEFAULT]\nfoo = f1\n");
        _f.Write("d/b.conf", "[DEFAULT]\nfoo = b\n");
        _f.Write("d/a.conf", "[DEFAULT]\nfoo = a\n");
        _f.Write("d/z.ini", "[DEFAULT]\nfoo = z\n");
        _dir = _f.Dir.Combine("d");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void FileThenDir_DirSortedLastWins()
    {
        _f.Parse("--config-file", _f1, "--config-dir", _dir);
        Assert.Equal("b", _f.Conf.Get(_foo));
        Assert.Equal([_f1], _f.Conf.ConfigFiles);
        Assert.Equal([_dir], _f.Conf.ConfigDirs);
    }

    [Fact]
    public void DirThenFile_FileWins()
    {
        _f.Parse("--config-dir", _dir, "--config-file", _f1);
        Assert.Equal("f1", _f.Conf.Get(_foo));
    }

    [Fact]
    public void CliThenFile_FileWins()
    {
        _f.Parse("--foo", "cli", "--config-file", _f1);
        Assert.Equal("f1", _f.Conf.Get(_foo));
    }

    [Fact]
    public void FileThenCli_CliWins()
    {
        _f.Parse("--config-file", _f1, "--foo", "cli");
        Assert.Equal("cli", _f.Conf.Get(_foo));
    }

    [Fact]
    public void Environment_BeatsFiles()
    {
        _f.Environment["OS_DEFAULT__FOO"] = "envv";
        _f.Parse("--config-file", _f1);
        Assert.Equal("envv", _f.Conf.Get(_foo));
    }

    [Fact]
    public void CommandLine_BeatsEnvironment_EvenWhenAlsoInAFile()
    {
        _f.Environment["OS_DEFAULT__FOO"] = "envv";
        _f.Parse("--config-file", _f1, "--foo", "cli");
        Assert.Equal("cli", _f.Conf.Get(_foo));
    }

    [Fact]
    public void ProcessEnvironment_ReadAtParse()
    {
        string group = "g" + Guid.NewGuid().ToString("N");
        string variable = $"OS_{group.ToUpperInvariant()}__OPT";
        var conf = new ConfigOpts();
        conf.RegisterOpt(new StrOpt("opt"), group);
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            conf.Parse([], prog: "prog", defaultConfigFiles: [], defaultConfigDirs: []);
            Assert.Equal("from-env", conf.GetValue("opt", group));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.Equal("from-env", conf.GetValue("opt", group));
        conf.Parse([], prog: "prog", defaultConfigFiles: [], defaultConfigDirs: []);
        Assert.Null(conf.GetValue("opt", group));
    }

    [Fact]
    public void Environment_IgnoredWithoutUseEnv()
    {
        _f.Environment["OS_DEFAULT__FOO"] = "envv";
        _f.Conf.Parse(["--config-file", _f1], prog: "prog", defaultConfigFiles: [], defaultConfigDirs: [], useEnv: false);
        Assert.Equal("f1", _f.Conf.Get(_foo));
    }

    [Fact]
    public void Override_BeatsEverything_SetDefaultBeatsOptDefault()
    {
        _f.Parse("--foo", "cli");
        _f.Conf.SetOverride("foo", "over");
        Assert.Equal("over", _f.Conf.Get(_foo));

        var plain = new StrOpt("plain", @default: "d");
        _f.Conf.RegisterOpt(plain);
        Assert.Equal("d", _f.Conf.Get(plain));
        _f.Conf.SetDefault("plain", "sd");
        Assert.Equal("sd", _f.Conf.Get(plain));
    }

    [Fact]
    public void NonCliOpt_LastFileWins_DefaultNotInherited()
    {
        var bar = new StrOpt("bar");
        var grpBar = new StrOpt("bar");
        _f.Conf.RegisterOpt(bar);
        _f.Conf.RegisterOpt(grpBar, "grp");
        string one = _f.Write("one.conf", "[DEFAULT]\nbar = 1\n");
        string two = _f.Write("two.conf", "[DEFAULT]\nbar = 2\n");
        _f.Parse("--config-file", one, "--config-file", two);
        Assert.Equal("2", _f.Conf.Get(bar));
        Assert.Null(_f.Conf.GetValue("bar", "grp"));
    }

    [Fact]
    public void Sections_CaseInsensitiveExceptDefault_KeysCaseSensitive()
    {
        var x = new StrOpt("x");
        var dashKey = new StrOpt("dash-key");
        _f.Conf.RegisterOpt(x, "grp");
        _f.Conf.RegisterOpt(new StrOpt("y"));
        _f.Conf.RegisterOpt(dashKey);
        string file = _f.Write("c.conf", "[Grp]\nx = 1\n[default]\ny = 2\n[DEFAULT]\nX = 3\ndash-key = 4\n");
        _f.Parse("--config-file", file);
        Assert.Equal("1", _f.Conf.GetValue("x", "grp"));
        Assert.Null(_f.Conf.GetValue("y"));
        Assert.Null(_f.Conf.Get(dashKey));
        Assert.Equal(["Grp", "default", "DEFAULT"], _f.Conf.ListAllSections());
    }

    [Fact]
    public void MultiOpt_AccumulatesAcrossFilesInOrder()
    {
        var multi = new MultiStrOpt("multi");
        _f.Conf.RegisterOpt(multi);
        string a = _f.Write("ma.conf", "[DEFAULT]\nmulti = a\nmulti = b\n");
        string b = _f.Write("mb.conf", "[DEFAULT]\nmulti = c\n");
        _f.Parse("--config-file", a, "--config-file", b);
        Assert.Equal(["a", "b", "c"], _f.Conf.Get(multi)!);
    }

    [Fact]
    public void MultiOpt_UnsetWithoutDefault_IsNoneAndSubstitutesEmpty()
    {
        // oslo.config 9.0: None, and $multi substitutes '' (issue #19; we returned [] and substituted '[]').
        var multi = new MultiStrOpt("multi");
        _f.Conf.RegisterOpts([multi, new StrOpt("ref", @default: "<$multi>")]);
        _f.Parse();
        Assert.Null(_f.Conf.Get(multi));
        Assert.Equal("<>", _f.Conf.GetValue("ref"));
    }

    [Fact]
    public void MultiOpt_RequiredWithEmptyDefault_ParsesAsEmptyList()
    {
        // oslo.config 9.0 accepts it (issue #19; we raised RequiredOptException).
        var multi = new MultiStrOpt("multi", required: true, @default: []);
        _f.Conf.RegisterOpt(multi);
        _f.Parse();
        Assert.Empty(_f.Conf.Get(multi)!);
    }

    [Fact]
    public void DeprecatedName_WithHyphen_IsLookedUpAsWrittenInFiles()
    {
        // oslo.config 9.0: deprecated_name='old-url' reads "old-url = x" (issue #19; we looked only for old_url).
        var url = new StrOpt("url", deprecatedName: "old-url");
        _f.Conf.RegisterOpt(url);
        _f.Parse("--config-file", _f.Write("d.conf", "[DEFAULT]\nold-url = x\n"));
        Assert.Equal("x", _f.Conf.Get(url));
    }

    [Fact]
    public void MultiOpt_Environment_IsOneElement()
    {
        var multi = new MultiStrOpt("ms");
        _f.Conf.RegisterOpt(multi, "g");
        _f.Environment["OS_G__MS"] = "xy";
        _f.Parse();
        Assert.Equal(["xy"], _f.Conf.Get(multi, "g")!);
    }

    [Fact]
    public void DefaultConfigFilesAndDirs_ReadUnlessArgumentsNameThem()
    {
        string d1 = _f.Write("def.conf", "[DEFAULT]\nfoo = default-file\n");
        _f.Conf.Parse([], prog: "prog", defaultConfigFiles: [d1], defaultConfigDirs: []);
        Assert.Equal("default-file", _f.Conf.Get(_foo));
        Assert.Equal([d1], _f.Conf.ConfigFiles);

        // Default dirs are read before the arguments, so the --config-file given wins.
        _f.Conf.Parse(["--config-file", _f1], prog: "prog", defaultConfigFiles: [d1], defaultConfigDirs: [_dir]);
        Assert.Equal("f1", _f.Conf.Get(_foo));

        _f.Conf.Parse(["--config-dir", _dir], prog: "prog", defaultConfigFiles: [_f1], defaultConfigDirs: [_f.Dir.Combine("missing")]);
        Assert.Equal("b", _f.Conf.Get(_foo));
    }

    [Fact]
    public void DefaultConfigLocator_UserDirBeatsEtc()
    {
        _f.Write("home/.proj/proj.conf", "");
        _f.Write("home/prog.conf", "");
        string home = _f.Dir.Combine("home");
        IReadOnlyList<string> files = DefaultConfigLocator.FindConfigFiles("proj", "prog", home);
        Assert.Equal([Path.Combine(home, ".proj", "proj.conf"), Path.Combine(home, "prog.conf")], files);
        Assert.Equal([Path.Combine(home, ".proj"), home, "/etc/proj", "/etc"], DefaultConfigLocator.SearchDirs("proj", home).Take(4));
    }
}
