using Npgsql;

namespace Oslo.Service.Coordination.Backends;

/// <summary>
/// PostgreSQL through Npgsql: one lease row per election and one heartbeat row per member, in two tables created on
/// first use. Expiry is compared with the database's <c>clock_timestamp()</c>, so members' clocks never matter.
/// </summary>
/// <remarks>
/// <para>Not advisory locks alone (tooz's pgsql driver, DistributedLock.Postgres): a session-level advisory lock lives
/// as long as the TCP session, so a SIGSTOPped or partitioned leader keeps it for as long as the kernel keeps the socket
/// open, and it carries no fencing token. A lease row expires on the server's clock and its token only grows.</para>
/// <para>A crashed leader is replaced at once all the same: every lease call of this member runs on one dedicated
/// session, whose backend pid and start time the row records. A candidate takes the lease when it has expired or when
/// that session is gone from <c>pg_stat_activity</c> (a killed process's socket is closed by its kernel; a stopped
/// one's is not, so a stopped leader is still replaced only through the TTL). The leader also holds a session-level
/// advisory lock named after the election; followers wait on it (bounded by their poll interval), so the end of the
/// leader's session wakes them without polling. A leader confirms its lease on its session right before each run
/// (<see cref="LeaseFollowsSession"/>): a leader whose session the server ended cannot run after a candidate took over.</para>
/// </remarks>
internal sealed class PostgresBackend : ICoordinationBackend
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS oslo_coordination_leaders (
            name text PRIMARY KEY, holder text NOT NULL, token bigint NOT NULL, expires_at timestamptz NOT NULL,
            holder_pid integer, holder_start timestamptz);
        ALTER TABLE oslo_coordination_leaders ADD COLUMN IF NOT EXISTS holder_pid integer, ADD COLUMN IF NOT EXISTS holder_start timestamptz;
        CREATE TABLE IF NOT EXISTS oslo_coordination_members (
            grp text NOT NULL, member text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (grp, member));
        """;

    // The row is updated only when its lease has expired, is the caller's own, or its holder's session has ended; a new
    // term (token + 1) starts whenever the previous lease had expired or changes hands, even if the caller held it: a
    // leader paused past its TTL comes back with a new token, never with its old one. The session is identified by pid
    // and start time (a pid alone may be reused); when the start time is hidden (another role without
    // pg_read_all_stats), a live pid counts as the holder's session: the doubt falls on the safe side, the TTL.
    private const string Acquire = """
        WITH me AS (SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())
        INSERT INTO oslo_coordination_leaders AS l (name, holder, token, expires_at, holder_pid, holder_start)
        SELECT $1, $2, 1, clock_timestamp() + make_interval(secs => $3), me.pid, me.backend_start FROM me
        ON CONFLICT (name) DO UPDATE SET
            holder = EXCLUDED.holder,
            token = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > clock_timestamp() THEN l.token ELSE l.token + 1 END,
            expires_at = EXCLUDED.expires_at,
            holder_pid = EXCLUDED.holder_pid,
            holder_start = EXCLUDED.holder_start
        WHERE l.expires_at <= clock_timestamp() OR l.holder = EXCLUDED.holder
            OR (l.holder_pid IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM pg_stat_activity a
                WHERE a.pid = l.holder_pid AND (a.backend_start IS NULL OR l.holder_start IS NULL OR a.backend_start = l.holder_start)))
        RETURNING token
        """;

    // True when both tables exist with the columns of this version (the last one added: holder_start).
    private const string SchemaPresent = """
        SELECT to_regclass('oslo_coordination_members') IS NOT NULL AND EXISTS (
            SELECT 1 FROM pg_attribute
            WHERE attrelid = to_regclass('oslo_coordination_leaders') AND attname = 'holder_start' AND NOT attisdropped)
        """;

    private const string LockKey = "hashtextextended('oslo.coordination:' || $1, 0)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    // The elections whose advisory lock the current session holds; emptied with the session.
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
    // The elections whose last wait was ended by the lock: their next wait is a plain sleep, so that followers do not
    // spin on a lock nobody holds (a leader that could not take it while its paused predecessor still did).
    private readonly HashSet<string> _woken = new(StringComparer.Ordinal);
    private NpgsqlConnection? _session;
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

    public bool LeaseFollowsSession => true;

    public async Task<long?> AcquireOrRenewAsync(string election, string member, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await OnSessionAsync(async session =>
        {
            object? result = await SessionScalarAsync(session, Acquire, cancellationToken, election, member, ttl.TotalSeconds).ConfigureAwait(false);
            long? token = result is long value ? value : null;
            if (token is not null)
            {
                lock (_woken)
                {
                    _woken.Remove(election);
                }
            }

            // The advisory lock follows the lease: taken by its holder (it may fail while a paused predecessor still
            // holds it; retried at each renewal), given up as soon as the lease is another member's.
            if (token is not null && !_locked.Contains(election))
            {
                if (await SessionScalarAsync(session, $"SELECT pg_try_advisory_lock({LockKey})", cancellationToken, election).ConfigureAwait(false) is true)
                {
                    _locked.Add(election);
                }
            }
            else if (token is null && _locked.Remove(election))
            {
                await SessionScalarAsync(session, $"SELECT pg_advisory_unlock({LockKey})", cancellationToken, election).ConfigureAwait(false);
            }

            return token;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForVacancyAsync(string election, TimeSpan timeout, CancellationToken cancellationToken)
    {
        bool sleep;
        lock (_woken)
        {
            sleep = _woken.Remove(election);
        }

        if (sleep)
        {
            await Task.Delay(timeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A transaction-scoped wait on the leader's session-level lock: granted the moment the leader's session ends
        // (or it releases), given up after the timeout; the transaction's end releases it.
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long ms = Math.Max(1, (long)timeout.TotalMilliseconds);
        // Two commands: a command with positional parameters holds one statement.
        await using (var limit = new NpgsqlCommand(
            $"SET LOCAL lock_timeout = {ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}", connection, transaction))
        {
            await limit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction)
        {
            CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 5,
        };
        command.Parameters.Add(new NpgsqlParameter { Value = election });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            lock (_woken)
            {
                _woken.Add(election);
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // The leader's session is still there.
        }
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

    public Task ReleaseAsync(string election, string member, CancellationToken cancellationToken) => OnSessionAsync(async session =>
    {
        await SessionScalarAsync(session,
            "UPDATE oslo_coordination_leaders SET expires_at = clock_timestamp() WHERE name = $1 AND holder = $2 AND expires_at > clock_timestamp()",
            cancellationToken, election, member).ConfigureAwait(false);
        if (_locked.Remove(election))
        {
            await SessionScalarAsync(session, $"SELECT pg_advisory_unlock({LockKey})", cancellationToken, election).ConfigureAwait(false);
        }

        return true;
    }, cancellationToken);

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

    public async ValueTask DisposeAsync()
    {
        await _sessionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_session is { } session)
            {
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sessionGate.Release();
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    // Runs on the member's one dedicated session, opened on first use and replaced after it broke (its advisory locks
    // went with it). Calls are serialised: one session, one command at a time.
    private async Task<T> OnSessionAsync<T>(Func<NpgsqlConnection, Task<T>> call, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is not { State: System.Data.ConnectionState.Open })
            {
                await DropSessionAsync().ConfigureAwait(false);
                _session = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await call(_session).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (exception is not PostgresException || _session.State != System.Data.ConnectionState.Open)
                {
                    await DropSessionAsync().ConfigureAwait(false);
                }

                ClearPoolAfter(exception);
                throw;
            }
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    private async Task DropSessionAsync()
    {
        _locked.Clear();
        if (_session is { } session)
        {
            _session = null;
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
            {
                // Broken already: nothing to close.
            }
        }
    }

    private static async Task<object?> SessionScalarAsync(NpgsqlConnection session, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, session);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

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

        // When the schema is there already (every member but the first), a read: no lock at all. The migration's
        // ALTER TABLE takes an ACCESS EXCLUSIVE lock even when the column exists, and a member paused (SIGSTOP)
        // between it and the COMMIT would hold that lock for as long as its socket lives: every other member's lease
        // call would wait on it, and the whole deployment would have no leader.
        await using (NpgsqlCommand check = _dataSource.CreateCommand(SchemaPresent))
        {
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                _schemaReady = true;
                return;
            }
        }

        // CREATE TABLE IF NOT EXISTS is not safe against itself run concurrently (a unique violation on pg_type):
        // members starting together serialise on a transaction-scoped advisory lock. A member paused inside this
        // transaction is ended by the server after a few idle seconds, which frees its locks; one that waits here
        // for a lock gives up after a few seconds and retries with the lease calls' back-off.
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var limits = new NpgsqlCommand(
            "SET LOCAL idle_in_transaction_session_timeout = '5s'; SET LOCAL lock_timeout = '5s'", connection, transaction))
        {
            await limits.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7305871362003851590); " + Schema, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = true;
    }
}
