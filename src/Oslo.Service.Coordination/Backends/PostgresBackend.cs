using Npgsql;

namespace Oslo.Service.Coordination.Backends;

/// <summary>
/// PostgreSQL through Npgsql: one lease row per election and one heartbeat row per member, in two tables created on
/// first use. Expiry is compared with the database's <c>clock_timestamp()</c>, so members' clocks never matter.
/// </summary>
/// <remarks>
/// Not advisory locks (tooz's pgsql driver, DistributedLock.Postgres): a session-level advisory lock lives as long as
/// the TCP session, so a SIGSTOPped or partitioned leader keeps it for as long as the kernel keeps the socket open,
/// and it carries no fencing token. A lease row expires on the server's clock and its token only grows.
/// </remarks>
internal sealed class PostgresBackend : ICoordinationBackend
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS oslo_coordination_leaders (
            name text PRIMARY KEY, holder text NOT NULL, token bigint NOT NULL, expires_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS oslo_coordination_members (
            grp text NOT NULL, member text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (grp, member));
        """;

    // The row is updated only when its lease has expired or is the caller's own; a new term (token + 1) starts
    // whenever the previous lease had expired, even if the caller held it: a leader paused past its TTL comes back
    // with a new token, never with its old one.
    private const string Acquire = """
        INSERT INTO oslo_coordination_leaders AS l (name, holder, token, expires_at)
        VALUES ($1, $2, 1, clock_timestamp() + make_interval(secs => $3))
        ON CONFLICT (name) DO UPDATE SET
            holder = EXCLUDED.holder,
            token = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > clock_timestamp() THEN l.token ELSE l.token + 1 END,
            expires_at = EXCLUDED.expires_at
        WHERE l.expires_at <= clock_timestamp() OR l.holder = EXCLUDED.holder
        RETURNING token
        """;

    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _schemaReady;

    public PostgresBackend(BackendUrl url)
    {
        (string? user, string? password) = url.Credentials;
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = url.Uri.Host,
            Port = url.Uri.IsDefaultPort || url.Uri.Port <= 0 ? 5432 : url.Uri.Port,
            Database = url.Uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : null,
            Username = user,
            Password = password,
            ApplicationName = "oslo-coordination",
            Timeout = 5,
            // A dead server must not hold a renewal past the lease: every command is also bounded by the caller's token.
            CommandTimeout = 5,
            KeepAlive = 5,
        };
        foreach ((string name, string value) in url.Parameters)
        {
            if (name is not "timeout")
            {
                connection[name] = value;
            }
        }

        // The slim builder: only the types used here, and no reflection, so the library stays Native AOT compatible.
        _dataSource = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString).Build();
        Description = $"PostgreSQL at {url}";
    }

    public string Description { get; }

    public async Task<long?> AcquireOrRenewAsync(string election, string member, TimeSpan ttl, CancellationToken cancellationToken)
    {
        object? token = await ScalarAsync(Acquire, cancellationToken, election, member, ttl.TotalSeconds).ConfigureAwait(false);
        return token is long value ? value : null;
    }

    /// <summary>
    /// Drops the pool's idle connections after a failure that was not the server's answer: after a restart of the
    /// server they are all dead, and each would fail one more call (and end a recovery just logged) before the
    /// pool finds out.
    /// </summary>
    private void ClearPoolAfter(Exception exception)
    {
        if (exception is not PostgresException)
        {
            _dataSource.Clear();
        }
    }

    public Task ReleaseAsync(string election, string member, CancellationToken cancellationToken) => ExecuteAsync(
        "UPDATE oslo_coordination_leaders SET expires_at = clock_timestamp() WHERE name = $1 AND holder = $2 AND expires_at > clock_timestamp()",
        cancellationToken, election, member);

    public Task HeartbeatAsync(string group, string member, TimeSpan ttl, CancellationToken cancellationToken) => ExecuteAsync(
        """
        INSERT INTO oslo_coordination_members (grp, member, expires_at) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))
        ON CONFLICT (grp, member) DO UPDATE SET expires_at = EXCLUDED.expires_at
        """,
        cancellationToken, group, member, ttl.TotalSeconds);

    public Task LeaveAsync(string group, string member, CancellationToken cancellationToken) => ExecuteAsync(
        "DELETE FROM oslo_coordination_members WHERE grp = $1 AND member = $2", cancellationToken, group, member);

    public async Task<IReadOnlyList<string>> MembersAsync(string group, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadMembersAsync(group, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ClearPoolAfter(exception);
            throw;
        }
    }

    private async Task<IReadOnlyList<string>> ReadMembersAsync(string group, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = _dataSource.CreateCommand(
            "SELECT member FROM oslo_coordination_members WHERE grp = $1 AND expires_at > clock_timestamp() ORDER BY member COLLATE \"C\"");
        command.Parameters.Add(new NpgsqlParameter { Value = group });
        var members = new List<string>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(reader.GetString(0));
        }

        return members;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = Command(sql, values);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ClearPoolAfter(exception);
            throw;
        }
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = Command(sql, values);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ClearPoolAfter(exception);
            throw;
        }
    }

    private NpgsqlCommand Command(string sql, object[] values)
    {
        NpgsqlCommand command = _dataSource.CreateCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        // CREATE TABLE IF NOT EXISTS is not safe against itself run concurrently (a unique violation on pg_type):
        // members starting together serialise on a transaction-scoped advisory lock.
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7305871362003851590); " + Schema, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = true;
    }
}
