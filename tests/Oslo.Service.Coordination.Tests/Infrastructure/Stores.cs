namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>Starts the store a scenario runs against.</summary>
internal static class Stores
{
    public static async Task<ServerProcess> StartAsync(BackendKind kind) => kind switch
    {
        BackendKind.PostgreSql => await PostgresServer.StartNewAsync(),
        BackendKind.Redis => await RedisServer.StartNewAsync(),
        _ => await EtcdServer.StartNewAsync(),
    };
}
