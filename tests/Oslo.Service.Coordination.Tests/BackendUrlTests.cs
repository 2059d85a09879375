using Oslo.Config;

namespace Oslo.Service.Coordination.Tests;

public sealed class BackendUrlTests
{
    [Theory]
    [InlineData("postgresql://u:p@db:5433/oslo", BackendKind.PostgreSql)]
    [InlineData("redis://:secret@cache:6380/2?timeout=5", BackendKind.Redis)]
    [InlineData("etcd3+http://etcd:2379", BackendKind.Etcd)]
    public void Parse_ToozUrl_Kind(string url, BackendKind kind) => Assert.Equal(kind, BackendUrl.Parse(url).Kind);

    [Fact]
    public void Parse_TimeoutParameter_Timeout() =>
        Assert.Equal(TimeSpan.FromSeconds(5), BackendUrl.Parse("redis://cache:6379?timeout=5").Timeout);

    [Fact]
    public void ToString_Password_Masked() =>
        Assert.DoesNotContain("secret", BackendUrl.Parse("postgresql://u:secret@db/oslo").ToString(), StringComparison.Ordinal);

    [Fact]
    public void Parse_ZookeeperUrl_StartupErrorNamingTheSupportedSchemes()
    {
        var error = Assert.Throws<OsloStartupException>(() => BackendUrl.Parse("zookeeper://zk:2181"));
        Assert.Contains("postgresql://, redis:// or etcd3+http://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAUrl_StartupErrorWithoutThePassword()
    {
        var error = Assert.Throws<OsloStartupException>(() => BackendUrl.Parse("u:secret@nohost"));
        Assert.Contains("backend_url", error.Message, StringComparison.Ordinal);
    }
}
