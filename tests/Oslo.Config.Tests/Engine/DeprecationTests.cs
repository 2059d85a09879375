using Microsoft.Extensions.Logging;

using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Reference 2.5: deprecated names/groups, their precedence, and the one-time warnings.
public class DeprecationTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void DeprecatedGroupAndName_ValueFoundWithWarningOnce()
    {
        var cert = new StrOpt("cert_file", deprecatedName: "ssl_cert_file", deprecatedGroup: "DEFAULT");
        _f.Conf.RegisterOpt(cert, "ssl");
        string file = _f.Write("a.conf", "[DEFAULT]\nssl_cert_file = /c.pem\n");
        _f.Parse("--config-file", file);
        Assert.Equal("/c.pem", _f.Conf.Get(cert, "ssl"));
        _f.Conf.SetOverride("cert_file", null, "ssl");
        _f.Conf.ClearOverride("cert_file", "ssl");
        Assert.Equal("/c.pem", _f.Conf.Get(cert, "ssl"));
        string warning = Assert.Single(_f.Logs.Entries, e => e.Level == LogLevel.Warning).Message;
        Assert.Equal("Option \"ssl_cert_file\" from group \"DEFAULT\" is deprecated. Use option \"cert_file\" from group \"ssl\".", warning);
    }

    [Fact]
    public void NewName_BeatsDeprecatedInSameFile_DeprecatedInLaterFileBeatsNewInEarlier()
    {
        var opt = new StrOpt("new", deprecatedName: "old");
        _f.Conf.RegisterOpt(opt);
        string same = _f.Write("same.conf", "[DEFAULT]\nold = o\nnew = n\n");
        string later = _f.Write("later.conf", "[DEFAULT]\nold = later\n");
        _f.Parse("--config-file", same);
        Assert.Equal("n", _f.Conf.Get(opt));
        _f.Parse("--config-file", same, "--config-file", later);
        Assert.Equal("later", _f.Conf.Get(opt));
    }

    [Fact]
    public void DeprecatedOpts_SameNameOtherGroup()
    {
        var opt = new IntOpt("port", deprecatedOpts: [new DeprecatedOpt(null, "old_grp")]);
        _f.Conf.RegisterOpt(opt, "grp");
        string file = _f.Write("a.conf", "[old_grp]\nport = 9\n");
        _f.Parse("--config-file", file);
        Assert.Equal(9, _f.Conf.Get(opt, "grp"));
    }

    [Fact]
    public void DeprecatedForRemoval_WarnsWhenValueFound()
    {
        var opt = new StrOpt("gone", deprecatedForRemoval: true, deprecatedReason: "No longer used");
        var quiet = new StrOpt("quiet", deprecatedForRemoval: true);
        _f.Conf.RegisterOpts([opt, quiet]);
        string file = _f.Write("a.conf", "[DEFAULT]\ngone = x\n");
        _f.Parse("--config-file", file);
        _f.Conf.GetValue("gone");
        _f.Conf.GetValue("quiet");
        Assert.Equal(
            ["Option \"gone\" from group \"DEFAULT\" is deprecated for removal (No longer used).  Its value may be silently ignored in the future."],
            _f.Logs.Messages);
    }

    [Fact]
    public void AccessByDeprecatedName_WorksWithWarning()
    {
        var opt = new StrOpt("new", deprecatedName: "old", @default: "v");
        _f.Conf.RegisterOpt(opt);
        _f.Parse();
        Assert.Equal("v", _f.Conf.GetValue("old"));
        Assert.Equal(["Config option DEFAULT.old  is deprecated. Use option DEFAULT.new instead."], _f.Logs.Messages);
    }
}
