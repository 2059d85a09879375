using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Issue #14 item 3: an option with a default reads as non-nullable, a group-bound view, Bind<T>, typed defaults.
public class TypedAccessTests : IDisposable
{
    private static readonly OptGroup s_pool = new("pool");
    private static readonly IntOpt s_workers = new("workers", @default: 4, min: 1);
    private static readonly IntOpt s_unset = new("unset");
    private static readonly FloatOpt s_backoff = new("restart_backoff", @default: 1.5);
    private static readonly BoolOpt s_debug = new("debug", @default: false);
    private static readonly ListOpt<int?> s_ports = new("ports", @default: [80, 443], itemType: new IntegerType());
    private static readonly DictOpt s_labels = new("labels", @default: new Dictionary<string, string?> { ["a"] = "1" });
    private readonly ConfigFixture _f = new();

    public TypedAccessTests()
    {
        _f.Conf.RegisterOpts([s_workers, s_unset, s_backoff, s_debug, s_ports, s_labels], s_pool);
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Get_ValueTypeWithDefault_IsNotNullable()
    {
        _f.Parse("--config-file", _f.Write("a.conf", "[pool]\nworkers = 8\n"));
        int workers = _f.Conf.Get(s_workers, s_pool);
        double backoff = _f.Conf.Get(s_backoff, s_pool);
        bool debug = _f.Conf.Get(s_debug, s_pool);
        Assert.Equal((8, 1.5, false), (workers, backoff, debug));
    }

    [Fact]
    public void GetOrNull_NoDefaultNoValue_IsOslosNone_AndGetSaysItIsRequired()
    {
        _f.Parse();
        Assert.Null(_f.Conf.GetOrNull(s_unset, s_pool));
        Assert.Equal("value required for option unset in group [pool]",
            Assert.Throws<RequiredOptException>(() => _f.Conf.Get(s_unset, s_pool)).Message);
    }

    [Fact]
    public void Group_BoundView_ReadsWithoutRepeatingTheGroup()
    {
        _f.Parse("--config-file", _f.Write("a.conf", "[pool]\nworkers = 3\nports = 1,2\n"));
        ConfigGroup pool = _f.Conf.Group(s_pool);
        Assert.Equal(3, pool.Get(s_workers));
        Assert.Equal([1, 2], pool.Get(s_ports)!);
        Assert.Equal("pool", pool.Name);
        Assert.Throws<NoSuchGroupException>(() => _f.Conf.Group("nope"));
    }

    [Fact]
    public void Defaults_TypedListAndDict()
    {
        _f.Parse();
        Assert.Equal([80, 443], _f.Conf.Get(s_ports, s_pool)!);
        Assert.Equal("1", _f.Conf.Get(s_labels, s_pool)!["a"]);
    }

    private sealed class PoolSettings
    {
        public int Workers { get; set; }

        public TimeSpan RestartBackoff { get; set; }

        public bool Debug { get; set; } = true;

        public IReadOnlyList<int?> Ports { get; set; } = [];

        public string NotAnOption { get; set; } = "kept";
    }

    [Fact]
    public void Bind_GroupToClass_SnakeCaseNamesConvertedValues()
    {
        _f.Parse("--config-file", _f.Write("a.conf", "[pool]\nworkers = 6\nrestart_backoff = 2.5\n"));
        PoolSettings settings = _f.Conf.Bind<PoolSettings>("pool");
        Assert.Equal(6, settings.Workers);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.RestartBackoff);
        Assert.False(settings.Debug);
        Assert.Equal([80, 443], settings.Ports);
        Assert.Equal("kept", settings.NotAnOption);
        Assert.Equal(6, _f.Conf.Group(s_pool).Bind<PoolSettings>().Workers);
    }

    [Fact]
    public void Bind_BadValue_FailsNamingFileAndLine()
    {
        string file = _f.Write("a.conf", "[pool]\n\nworkers = many\n");
        _f.Parse("--config-file", file);
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Conf.Bind<PoolSettings>("pool"));
        Assert.Contains($"{file}:3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RestartIntensity", "restart_intensity")]
    [InlineData("HTTPPort", "http_port")]
    [InlineData("workers", "workers")]
    [InlineData("Ipv6Enabled", "ipv6_enabled")]
    public void SnakeCase_PropertyNames(string property, string option) => Assert.Equal(option, ConfigOpts.SnakeCase(property));
}
