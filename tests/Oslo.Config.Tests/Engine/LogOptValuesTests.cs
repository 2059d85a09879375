using Microsoft.Extensions.Logging;

using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Ported from OptDumpingTestCase (test_cfg.py:4640): the exact layout, sorted names, masked secrets.
public class LogOptValuesTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void LogOptValues_OsloLayout()
    {
        _f.Conf.RegisterCliOpts([new StrOpt("foo"), new StrOpt("passwd", secret: true)]);
        _f.Conf.RegisterCliOpts([new StrOpt("bar"), new StrOpt("key", secret: true)], "blaa");
        _f.Parse("--foo", "this", "--blaa-bar", "that", "--blaa-key", "admin", "--passwd", "hush");
        var logs = new ListLoggerProvider();
        _f.Conf.LogOptValues(logs.CreateLogger("test"), LogLevel.Debug);
        Assert.Equal(
            [
                new string('*', 80),
                "Configuration options gathered from:",
                "command line args: ['--foo', 'this', '--blaa-bar', 'that', '--blaa-key', 'admin', '--passwd', 'hush']",
                "config files: []",
                new string('=', 80),
                "config_dir                     = []",
                "config_file                    = []",
                "foo                            = this",
                "passwd                         = ****",
                "blaa.bar                       = that",
                "blaa.key                       = ****",
                new string('*', 80),
            ],
            logs.Messages);
        Assert.All(logs.Entries, e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [Fact]
    public void LogOptValues_PythonRenderingsAndFiles()
    {
        _f.Conf.RegisterOpts([
            new StrOpt("none"), new BoolOpt("flag", @default: true), new ListOpt("items", @default: ["a", "b"]),
            new IntOpt("n", @default: 3), new StrOpt("secret_none", secret: true),
        ]);
        string file = _f.Write("a.conf", "[DEFAULT]\nn = 4\n");
        _f.Parse("--config-file", file);
        var logs = new ListLoggerProvider();
        _f.Conf.LogOptValues(logs.CreateLogger("test"), LogLevel.Information);
        Assert.Contains($"config files: ['{file}']", logs.Messages);
        Assert.Contains($"config_file                    = ['{file}']", logs.Messages);
        Assert.Contains("flag                           = True", logs.Messages);
        Assert.Contains("items                          = ['a', 'b']", logs.Messages);
        Assert.Contains("n                              = 4", logs.Messages);
        Assert.Contains("none                           = None", logs.Messages);
        Assert.Contains("secret_none                    = ****", logs.Messages);
    }

    [Fact]
    public void LogOptValues_BadValue_Throws()
    {
        _f.Conf.RegisterOpt(new IntOpt("n"));
        _f.Parse("--config-file", _f.Write("a.conf", "[DEFAULT]\nn = x\n"));
        Assert.Throws<ConfigFileValueException>(() => _f.Conf.LogOptValues(new ListLoggerProvider().CreateLogger("t"), LogLevel.Debug));
    }
}
