using System.Text;
using System.Text.Json;

using Oslo.Service.Control;

using Xunit;

namespace Oslo.Service.Tests.Control;

public sealed class ControlProtocolTests
{
    [Theory]
    [InlineData("oslo-ctl.sock", "/run/hello", "/run/hello/oslo-ctl.sock")]
    [InlineData("oslo-ctl.sock", "/run/hello:/run/other", "/run/hello/oslo-ctl.sock")]
    [InlineData("/srv/ctl.sock", "/run/hello", "/srv/ctl.sock")]
    public void ResolveSocketPath_RelativeUnderSystemdsRuntimeDirectory_AbsoluteAsGiven(string configured, string runtime, string expected) =>
        Assert.Equal(expected, ControlOptions.ResolveSocketPath(configured, runtime));

    [Fact]
    public void Request_CommandAndArgs_RoundTrip()
    {
        ControlRequest request = ControlRequest.Parse("{\"command\":\"scale\",\"args\":[\"+1\"]}");

        Assert.Equal("scale", request.Command);
        Assert.Equal(["+1"], request.Args);
        Assert.Equal("scale +1", request.Describe());
    }

    [Fact]
    public void Request_NotAnObjectWithACommand_IsRefused() =>
        Assert.ThrowsAny<JsonException>(() => ControlRequest.Parse("[\"status\"]"));

    [Fact]
    public void Reply_IsOneJsonLineWithOkMessageAndData()
    {
        var reply = new ControlReply(true, "2 ready", json => json.WriteNumberValue(2));

        string line = Encoding.UTF8.GetString(reply.ToJsonLine());

        Assert.Equal("{\"ok\":true,\"message\":\"2 ready\",\"data\":2}\n", line);
    }

    [Fact]
    public void PeerCredentials_OnlyTheOwnerAndRoot_MayControl()
    {
        Assert.True(new PeerCredentials(10, 1000, 1000).MayControl(1000));
        Assert.True(new PeerCredentials(10, 0, 0).MayControl(1000));
        Assert.False(new PeerCredentials(10, 65534, 65534).MayControl(1000));
    }
}
