using System.Net.Sockets;

using Oslo.Service.Control;

using Xunit;

namespace Oslo.Service.Tests.Control;

/// <summary>The one 0600 Unix-socket binder of the control socket and the backdoor, on real sockets in a temporary directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixSocketBinderTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("oslo-bind-");

    [Fact]
    public void Bind_FreshPath_Mode0600_Listening_NoStagingLeftBehind()
    {
        string path = Path.Combine(_directory.FullName, "a.sock");

        using Socket listener = UnixSocketBinder.Bind(path);

        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        AssertAccepts(listener, path);
        Assert.Equal([path], Directory.GetFileSystemEntries(_directory.FullName));
    }

    [Fact]
    public void Bind_StaleSocketLeftByACrash_ReplacedAtomically()
    {
        string path = Path.Combine(_directory.FullName, "stale.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            crashed.Bind(new UnixDomainSocketEndPoint(path));
        }

        using Socket listener = UnixSocketBinder.Bind(path);

        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        AssertAccepts(listener, path);
    }

    [Fact]
    public void Bind_LiveSocketOfAnotherListener_RefusedAndLeftWorking()
    {
        string path = Path.Combine(_directory.FullName, "live.sock");
        using Socket first = UnixSocketBinder.Bind(path);

        var refused = Assert.Throws<UnixSocketBinder.PathTakenException>(() => UnixSocketBinder.Bind(path));

        Assert.Contains("another process listens on", refused.Message, StringComparison.Ordinal);
        AssertAccepts(first, path);
    }

    [Fact]
    public void Bind_RegularFileWithContentOrDirectory_RefusedAndKept()
    {
        string file = Path.Combine(_directory.FullName, "notes.txt");
        File.WriteAllText(file, "not a socket");
        string directory = Directory.CreateDirectory(Path.Combine(_directory.FullName, "dir.sock")).FullName;

        Assert.Throws<UnixSocketBinder.PathTakenException>(() => UnixSocketBinder.Bind(file));
        Assert.Throws<UnixSocketBinder.PathTakenException>(() => UnixSocketBinder.Bind(directory));

        Assert.Equal("not a socket", File.ReadAllText(file));
        Assert.True(Directory.Exists(directory));
    }

    [Fact]
    public void Bind_PathTooLongToStageBeside_StagedThroughProcSelfFd_Mode0600()
    {
        // The target fits in sun_path (107 bytes), its staging path beside it (".label-xxxxxxxx.xxx/s") does not.
        string deep = _directory.FullName;
        while (deep.Length < 80)
        {
            deep = Path.Combine(deep, "dddddddddd");
        }

        Directory.CreateDirectory(deep);
        string path = Path.Combine(deep, new string('s', 100 - deep.Length));
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(path), 95, 107);

        using Socket listener = UnixSocketBinder.Bind(path, label: "long-label");

        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        AssertAccepts(listener, path);
        Assert.Equal([path], Directory.GetFileSystemEntries(deep));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static void AssertAccepts(Socket listener, string path)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        using Socket accepted = listener.Accept();
        Assert.True(accepted.Connected);
    }
}
