using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Ported from TemplateSubstitutionTestCase (test_cfg.py) plus the fixes of reference 9 (unknown refs, cycles).
public class InterpolationTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    private void ParseFile(string content) => _f.Parse("--config-file", _f.Write("t.conf", content));

    [Fact]
    public void Reference_DollarAndBraces()
    {
        _f.Conf.RegisterOpts([new StrOpt("foo", @default: "blaa"), new StrOpt("bar"), new StrOpt("baz")]);
        ParseFile("[DEFAULT]\nbar = $foo/x\nbaz = ${foo}bar\n");
        Assert.Equal("blaa/x", _f.Conf.GetValue("bar"));
        Assert.Equal("blaabar", _f.Conf.GetValue("baz"));
    }

    [Fact]
    public void Reference_GroupFirstThenDefault_AndDottedGroup()
    {
        _f.Conf.RegisterOpt(new StrOpt("foo", @default: "default-foo"));
        _f.Conf.RegisterOpts([new StrOpt("foo", @default: "grp-foo"), new StrOpt("y"), new StrOpt("z")], "grp");
        _f.Conf.RegisterOpt(new StrOpt("w"));
        _f.Conf.RegisterOpt(new StrOpt("only"), "other");
        ParseFile("[grp]\ny = $foo\nz = ${grp.foo}\n[DEFAULT]\nw = $grp.foo and $foo\n[other]\nonly = $foo\n");
        Assert.Equal("grp-foo", _f.Conf.GetValue("y", "grp"));
        Assert.Equal("grp-foo", _f.Conf.GetValue("z", "grp"));
        Assert.Equal("grp-foo and default-foo", _f.Conf.GetValue("w"));
        Assert.Equal("default-foo", _f.Conf.GetValue("only", "other"));
    }

    [Fact]
    public void Escapes_DoubleDollarAndBackslash()
    {
        _f.Conf.RegisterOpt(new StrOpt("s"));
        ParseFile("[DEFAULT]\ns = a$$b\\$c $ 5$\n");
        Assert.Equal("a$b$c $ 5$", _f.Conf.GetValue("s"));
    }

    [Fact]
    public void Reference_NoneBecomesEmpty_TypedValuesRendered()
    {
        _f.Conf.RegisterOpts([new StrOpt("oo"), new StrOpt("s"), new IntOpt("port", @default: 8080), new StrOpt("url"), new IntOpt("copy")]);
        ParseFile("[DEFAULT]\ns = foo $oo foo\nurl = http://h:$port/\ncopy = $port\n");
        Assert.Equal("foo  foo", _f.Conf.GetValue("s"));
        Assert.Equal("http://h:8080/", _f.Conf.GetValue("url"));
        Assert.Equal(8080, _f.Conf.GetValue("copy"));
    }

    [Fact]
    public void Reference_InDefaultsListsAndOverrides()
    {
        _f.Conf.RegisterOpts([
            new StrOpt("base", @default: "/srv"),
            new StrOpt("path", @default: "$base/data"),
            new ListOpt("paths", @default: new[] { "$base/a", "b" }),
            new StrOpt("o"),
        ]);
        _f.Parse();
        _f.Conf.SetOverride("o", "${base}/o");
        Assert.Equal("/srv/data", _f.Conf.GetValue("path"));
        Assert.Equal(["/srv/a", "b"], (IEnumerable<string?>)_f.Conf.GetValue("paths")!);
        Assert.Equal("/srv/o", _f.Conf.GetValue("o"));
    }

    [Fact]
    public void Reference_Unknown_NamesReferrer()
    {
        _f.Conf.RegisterOpt(new StrOpt("bar"), "grp");
        ParseFile("[grp]\nbar = $nope\n");
        var e = Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("bar", "grp"));
        Assert.Equal("template substitution error: no such option nope referenced by grp.bar", e.Message);
    }

    [Fact]
    public void Reference_ToGroup_NotSupported()
    {
        _f.Conf.RegisterOpt(new StrOpt("x"), "grp");
        _f.Conf.RegisterOpt(new StrOpt("bar"));
        ParseFile("[DEFAULT]\nbar = $grp\n");
        Assert.Equal("template substitution error: substituting group grp not supported",
            Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("bar")).Message);
    }

    [Fact]
    public void Reference_Circular_Detected()
    {
        _f.Conf.RegisterOpts([new StrOpt("a"), new StrOpt("b"), new StrOpt("self")]);
        ParseFile("[DEFAULT]\na = $b\nb = x${a}\nself = $self\n");
        Assert.Equal("template substitution error: circular reference: DEFAULT.a -> DEFAULT.b -> DEFAULT.a",
            Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("a")).Message);
        Assert.Equal("template substitution error: circular reference: DEFAULT.self -> DEFAULT.self",
            Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("self")).Message);
    }
}
