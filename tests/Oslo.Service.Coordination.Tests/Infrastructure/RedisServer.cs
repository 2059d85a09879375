using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>redis-server from Debian's <c>redis-server</c> package, without persistence.</summary>
internal sealed class RedisServer : ServerProcess
{
    private RedisServer()
        : base("redis")
    {
    }

    public override string BackendUrl => $"redis://127.0.0.1:{Port}";

    protected override IReadOnlyList<string> Command =>
        ["redis-server", "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", DataDir, "--save", "", "--appendonly", "no"];

    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer();
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    protected override async Task ProbeAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        int read = await stream.ReadAsync(buffer);
        if (!Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-server not ready");
        }
    }
}
