using System.Text;

using Oslo.Config.Ini;

using Xunit;

namespace Oslo.Config.Tests.Ini;

public sealed class ConfigFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-32le")]
    public void ReadAllText_DecodesAsFileReadAllTextDoes(string encoding)
    {
        const string text = "[DEFAULT]\n# café ünïcode ✓\nname = välue\n";
        byte[] bytes = encoding switch
        {
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
        };
        string path = Path.Combine(_dir, "x.conf");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(text, ConfigFileReader.ReadAllText(path));
        Assert.Equal(File.ReadAllText(path), ConfigFileReader.ReadAllText(path));
    }

    [Fact]
    public void ReadAllText_ReadsAFileLargerThanOnePooledBuffer()
    {
        string text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"opt{i} = value {i}\n"));
        string path = Path.Combine(_dir, "big.conf");
        File.WriteAllText(path, text);

        Assert.Equal(text, ConfigFileReader.ReadAllText(path));
    }

    [Fact]
    public void ReadAllText_EmptyFile_IsEmpty()
    {
        string path = Path.Combine(_dir, "empty.conf");
        File.WriteAllBytes(path, []);

        Assert.Equal("", ConfigFileReader.ReadAllText(path));
    }
}
