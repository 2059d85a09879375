using System.Globalization;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>A one-member etcd from Debian's <c>etcd-server</c> package.</summary>
internal sealed class EtcdServer : ServerProcess
{
    private readonly int _peerPort = FreePort.Next();

    private EtcdServer()
        : base("etcd")
    {
    }

    public override string BackendUrl => $"etcd3+http://127.0.0.1:{Port}";

    protected override IReadOnlyList<string> Command =>
    [
        "etcd", "--name", "default", "--data-dir", Path.Combine(DataDir, "data"),
        "--listen-client-urls", Url(Port), "--advertise-client-urls", Url(Port),
        "--listen-peer-urls", Url(_peerPort), "--initial-advertise-peer-urls", Url(_peerPort),
        "--initial-cluster", "default=" + Url(_peerPort), "--log-level", "warn",
    ];

    public static async Task<EtcdServer> StartNewAsync()
    {
        var server = new EtcdServer();
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        string health = await http.GetStringAsync(new Uri(Url(Port) + "/health"));
        if (!health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("etcd not healthy: " + health);
        }
    }

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
