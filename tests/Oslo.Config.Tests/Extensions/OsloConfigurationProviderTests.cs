using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Extensions;

public class OsloConfigurationProviderTests : IDisposable
{
    private readonly ConfigFixture _f = new();
    private readonly string _file;

    public OsloConfigurationProviderTests()
    {
        _f.Conf.RegisterOpts([new IntOpt("workers", @default: 1, mutable: true), new BoolOpt("debug", @default: false)]);
        _f.Conf.RegisterOpts(
            [new StrOpt("cert_file", mutable: true), new ListOpt("ciphers", mutable: true), new DictOpt("labels"), new IntOpt("bad")],
            "ssl");
        _file = _f.Write("a.conf", "[DEFAULT]\nworkers = 4\n[ssl]\ncert_file = /a.pem\nciphers = x, y\nlabels = k:v\nbad = nope\n");
        _f.Parse("--config-file", _file);
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Keys_GroupColonName_ListsAsChildren()
    {
        IConfigurationRoot config = new ConfigurationBuilder().AddOsloConfig(_f.Conf).Build();
        Assert.Equal("4", config["DEFAULT:workers"]);
        Assert.Equal("False", config["DEFAULT:debug"]);
        Assert.Equal("/a.pem", config["ssl:cert_file"]);
        Assert.Equal("x", config["ssl:ciphers:0"]);
        Assert.Equal("y", config["ssl:ciphers:1"]);
        Assert.Equal("v", config["ssl:labels:k"]);
        Assert.Null(config["ssl:bad"]);
        Assert.Equal(["x", "y"], config.GetSection("ssl:ciphers").Get<string[]>()!);
    }

    [Fact]
    public void OptionsMonitor_SeesMutatedValues()
    {
        IConfigurationRoot config = new ConfigurationBuilder().AddOsloConfig(_f.Conf).Build();
        using ServiceProvider services = new ServiceCollection()
            .Configure<SslSettings>(config.GetSection("ssl"))
            .Configure<DefaultSettings>(config.GetSection("DEFAULT"))
            .BuildServiceProvider();
        IOptionsMonitor<SslSettings> ssl = services.GetRequiredService<IOptionsMonitor<SslSettings>>();
        IOptionsMonitor<DefaultSettings> defaults = services.GetRequiredService<IOptionsMonitor<DefaultSettings>>();
        Assert.Equal("/a.pem", ssl.CurrentValue.Cert_File);
        Assert.Equal(4, defaults.CurrentValue.Workers);

        var changed = new List<string?>();
        using IDisposable? subscription = ssl.OnChange(s => changed.Add(s.Cert_File));
        File.WriteAllText(_file, "[DEFAULT]\nworkers = 8\n[ssl]\ncert_file = /b.pem\nciphers = z\n");
        Assert.True(_f.Conf.MutateConfigFiles().Succeeded);

        Assert.Equal("/b.pem", ssl.CurrentValue.Cert_File);
        Assert.Equal(["z"], ssl.CurrentValue.Ciphers);
        Assert.Equal(8, defaults.CurrentValue.Workers);
        Assert.Equal("/b.pem", Assert.Single(changed));
    }

    [Fact]
    public void Reload_UpdatesConfiguration()
    {
        IConfigurationRoot config = new ConfigurationBuilder().AddOsloConfig(_f.Conf).Build();
        File.WriteAllText(_file, "[DEFAULT]\ndebug = yes\n");
        Assert.True(_f.Conf.ReloadConfigFiles());
        Assert.Equal("True", config["DEFAULT:debug"]);
        Assert.Equal("1", config["DEFAULT:workers"]);
    }

    public sealed class SslSettings
    {
        public string? Cert_File { get; set; }

        public List<string> Ciphers { get; set; } = [];
    }

    public sealed class DefaultSettings
    {
        public int Workers { get; set; }
    }
}
