using Npgsql;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>
/// PostgreSQL from Debian's <c>postgresql</c> package. PostgreSQL refuses to run as root, and CI runs as root: then
/// initdb and postgres run as the <c>postgres</c> user through <c>setpriv</c>, which execs in place (the pid we
/// signal is the postmaster's).
/// </summary>
internal sealed class PostgresServer : ServerProcess
{
    private static readonly string s_bin = Directory.GetDirectories("/usr/lib/postgresql").Order().LastOrDefault() is { } version
        ? Path.Combine(version, "bin")
        : throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql");

    private PostgresServer()
        : base("pg")
    {
    }

    public override string BackendUrl => $"postgresql://postgres@127.0.0.1:{Port}/postgres";

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    protected override IReadOnlyList<string> Command =>
    [
        .. AsPostgres, Path.Combine(s_bin, "postgres"), "-D", DataDir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-k", DataDir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "max_connections=200",
    ];

    // SIGINT is PostgreSQL's "fast" shutdown: sessions are cut, as in a crash of the store seen from the clients.
    protected override int StopSignal => Posix.SigInt;

    private static string[] AsPostgres => Posix.GetEuid() == 0 ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : [];

    public static async Task<PostgresServer> StartNewAsync()
    {
        var server = new PostgresServer();
        try
        {
            if (Posix.GetEuid() == 0)
            {
                await RunAsync("chown", "postgres:postgres", server.DataDir);
            }

            await RunAsync([.. AsPostgres, Path.Combine(s_bin, "initdb"), "-D", server.DataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ProbeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
    }
}
