using System.Net;
using System.Net.Sockets;

using Oslo.Service.Sockets;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

public sealed class SocketHandoffTests
{
    [Fact]
    public void Variable_FormatThenParse_RoundTripsOddKeys()
    {
        var sockets = new Dictionary<string, int> { ["wsgi:api:0.0.0.0:8080"] = 5, ["a,b=c d"] = 7 };

        IReadOnlyDictionary<string, int> parsed = InheritedSocketsVariable.Parse(InheritedSocketsVariable.Format(sockets));

        Assert.Equal(sockets.OrderBy(p => p.Key), parsed.OrderBy(p => p.Key));
    }

    [Fact]
    public void Variable_Malformed_ThrowsWithTheEntry()
    {
        var error = Assert.Throws<FormatException>(() => InheritedSocketsVariable.Parse("a=3,b"));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activation_OurPid_NamesFdsFromThree()
    {
        IReadOnlyList<ActivatedSocket> sockets = SocketActivation.Parse("42", "3", "http::admin", 42);

        Assert.Equal([new("http", 3), new("unknown", 4), new("admin", 5)], sockets);
    }

    [Theory]
    [InlineData("41", "2", null)]
    [InlineData(null, "2", null)]
    [InlineData("42", "0", null)]
    [InlineData("42", "x", null)]
    public void Activation_NotForUs_IsEmpty(string? pid, string? fds, string? names) =>
        Assert.Empty(SocketActivation.Parse(pid, fds, names, 42));

    [Fact]
    public void BindOrInherit_SameKeyTwice_BindsOnce()
    {
        int binds = 0;
        string key = "test:" + Guid.NewGuid().ToString("N");
        Socket Bind()
        {
            binds++;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen();
            return socket;
        }

        using Socket first = InheritedSockets.BindOrInherit(key, Bind);
        Socket second = InheritedSockets.BindOrInherit(key, Bind);

        Assert.Same(first, second);
        Assert.Equal(1, binds);
        Assert.Contains(key, InheritedSockets.Keys);
    }

    [Fact]
    public void SpawnScope_ClearsCloseOnExecOnlyWhileOpen()
    {
        string key = "test:" + Guid.NewGuid().ToString("N");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen();
        InheritedSockets.Register(key, socket);
        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        Assert.True(CloseOnExec.IsSet(fd));

        using (InheritedSockets.SpawnScope scope = InheritedSockets.BeginSpawn())
        {
            Assert.False(CloseOnExec.IsSet(fd));
            Assert.Contains(InheritedSocketsVariable.Format([new(key, fd)]), scope.Variable!, StringComparison.Ordinal);
        }

        Assert.True(CloseOnExec.IsSet(fd));
    }
}
