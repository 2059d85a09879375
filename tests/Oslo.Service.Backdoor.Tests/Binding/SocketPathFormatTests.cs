using Oslo.Service.Backdoor.Binding;

namespace Oslo.Service.Backdoor.Tests.Binding;

/// <summary>oslo's BackdoorSocketPathTest vectors: Python's str.format with pid only.</summary>
public sealed class SocketPathFormatTests
{
    [Theory]
    [InlineData("/tmp/plain.sock", "/tmp/plain.sock")]
    [InlineData("/tmp/bd-{pid}.sock", "/tmp/bd-1234.sock")]
    [InlineData("/tmp/{pid}/{pid}", "/tmp/1234/1234")]
    [InlineData("/tmp/{{literal}}-{pid}", "/tmp/{literal}-1234")]
    public void TryFormat_ValidFormats(string path, string expected)
    {
        Assert.True(SocketPathFormat.TryFormat(path, 1234, out string? formatted));
        Assert.Equal(expected, formatted);
    }

    [Theory]
    [InlineData("/tmp/{}")]
    [InlineData("/tmp/{0}")]
    [InlineData("/tmp/{broken")]
    [InlineData("/tmp/{broken}")]
    [InlineData("/tmp/broken}")]
    public void TryFormat_InvalidFormats_AreRejected(string path) =>
        Assert.False(SocketPathFormat.TryFormat(path, 1234, out _));
}
