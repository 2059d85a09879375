using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

public class RegistrationTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void RegisterOpt_SameOptTwice_ReturnsFalse()
    {
        var opt = new StrOpt("foo");
        Assert.True(_f.Conf.RegisterOpt(opt));
        Assert.False(_f.Conf.RegisterOpt(opt));
        Assert.False(_f.Conf.RegisterOpt(new StrOpt("foo")));
    }

    [Fact]
    public void RegisterOpt_DifferentOptSameName_Throws()
    {
        _f.Conf.RegisterOpt(new StrOpt("foo"));
        var e = Assert.Throws<DuplicateOptException>(() => _f.Conf.RegisterOpt(new StrOpt("foo", @default: "x")));
        Assert.Equal("duplicate option: foo", e.Message);
    }

    [Fact]
    public void RegisterOpt_ReservedName_Throws() =>
        Assert.Equal("Name project was reserved for oslo.config.",
            Assert.Throws<ArgumentException>(() => _f.Conf.RegisterOpt(new StrOpt("project"))).Message);

    [Fact]
    public void RegisterCliOpt_AfterParse_Throws()
    {
        _f.Parse();
        var e = Assert.Throws<ArgsAlreadyParsedException>(() => _f.Conf.RegisterCliOpt(new StrOpt("foo")));
        Assert.Equal("arguments already parsed: cannot register CLI option", e.Message);
    }

    [Fact]
    public void RegisterOpt_AfterParse_ReadsFileLazily()
    {
        string file = _f.Write("a.conf", "[DEFAULT]\nlate = 5\n");
        _f.Parse("--config-file", file);
        _f.Conf.RegisterOpt(new IntOpt("late"));
        Assert.Equal(5, _f.Conf.GetValue("late"));
    }

    [Fact]
    public void GetValue_Unknown_Throws()
    {
        Assert.Equal("no such option nope in group [DEFAULT]", Assert.Throws<NoSuchOptException>(() => _f.Conf.GetValue("nope")).Message);
        _f.Conf.RegisterOpt(new StrOpt("x"), "grp");
        Assert.Equal("no such option nope in group [grp]", Assert.Throws<NoSuchOptException>(() => _f.Conf.GetValue("nope", "grp")).Message);
        Assert.Equal("no such group [other]", Assert.Throws<NoSuchGroupException>(() => _f.Conf.GetValue("x", "other")).Message);
    }

    [Fact]
    public void RegisterGroup_KeepsTitleAndHelp()
    {
        _f.Conf.RegisterGroup(new OptGroup("grp", title: "Group", help: "Helpful"));
        _f.Conf.RegisterOpt(new StrOpt("x"), "grp");
        Assert.Equal("Helpful", _f.Conf.GetGroup("grp")!.Help);
        Assert.Equal(["DEFAULT", "grp"], _f.Conf.GroupNames);
    }

    [Fact]
    public void SetOverride_SetDefault_Clear()
    {
        var opt = new IntOpt("n", @default: 1);
        _f.Conf.RegisterOpt(opt);
        string file = _f.Write("a.conf", "[DEFAULT]\nn = 2\n");
        _f.Parse("--config-file", file);
        Assert.Equal(2, _f.Conf.Get(opt));
        _f.Conf.SetOverride("n", "7");
        Assert.Equal(7, _f.Conf.Get(opt));
        _f.Conf.ClearOverride("n");
        Assert.Equal(2, _f.Conf.Get(opt));

        var other = new IntOpt("m", @default: 1);
        _f.Conf.RegisterOpt(other);
        _f.Conf.SetDefault("m", 3);
        Assert.Equal(3, _f.Conf.Get(other));
        _f.Conf.ClearDefault("m");
        Assert.Equal(1, _f.Conf.Get(other));
        Assert.Throws<ConfigValueException>(() => _f.Conf.SetOverride("m", "abc"));
    }

    [Fact]
    public void OptSetDefault_ChangesDefinitionForEveryConfig_EvenAfterARead()
    {
        var opt = new IntOpt("timeout", @default: 60);
        opt.SetDefault(30);
        _f.Conf.RegisterOpt(opt);
        _f.Parse();
        Assert.Equal(30, _f.Conf.Get(opt));
        opt.SetDefault(45);
        Assert.Equal(45, _f.Conf.Get(opt));
        Assert.Throws<DefaultValueException>(() => new IntOpt("t", min: 1).SetDefault(0));
    }
}
