using StackExchange.Redis;

namespace Oslo.Service.Coordination.Backends;

/// <summary>
/// Redis through StackExchange.Redis: a leader key with a millisecond TTL and a token counter per election, a sorted
/// set of heartbeat deadlines per group, each changed by one Lua script so that the read and the write are atomic and
/// timed by the server's clock (<c>TIME</c>). One instance: its clock and its memory are the truth; with replication
/// and failover, a promoted replica may not have the last write (see docs/operations.md, "Several machines").
/// </summary>
internal sealed class RedisBackend : ICoordinationBackend
{
    private const string Prefix = "oslo.coordination:";

    // A term's token is max(counter + 1, server time in ms): it keeps growing even if the counter is lost with a
    // Redis restart without persistence, as long as the server's clock does not go back.
    // Returns {1, token} to the holder, {0, the holder's remaining ms} to anyone else.
    private const string AcquireScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {1, tonumber(redis.call('GET', KEYS[2]))}
        end
        if holder then return {0, redis.call('PTTL', KEYS[1])} end
        local now = redis.call('TIME')
        local floor = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local token = redis.call('INCR', KEYS[2])
        if token < floor then
          token = floor
          redis.call('SET', KEYS[2], token)
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return {1, token}
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string HeartbeatScript = """
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
        return 1
        """;

    private const string MembersScript = """
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ms, '+inf')
        """;

    private readonly ConfigurationOptions _options;
    // When each election's lease held by another member expires, on the monotonic clock (from the PTTL the last
    // acquire attempt read): a follower sleeps until then rather than a whole poll interval.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _vacantAt = new(StringComparer.Ordinal);
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisBackend(BackendUrl url, TimeSpan ttl)
    {
        (string? user, string? password) = url.Credentials;
        int callMs = (int)Leadership.LeaseTiming.CallTimeout(ttl).TotalMilliseconds;
        _options = new ConfigurationOptions
        {
            User = user,
            Password = password,
            // Keep trying in the background when the server is down at start: the loops report and retry.
            AbortOnConnectFail = false,
            ConnectTimeout = callMs,
            SyncTimeout = callMs,
            AsyncTimeout = callMs,
            ClientName = "oslo-coordination",
            DefaultDatabase = int.TryParse(url.Uri.AbsolutePath.Trim('/'), out int db) ? db : null,
        };
        _options.EndPoints.Add(url.Uri.Host, url.Uri.IsDefaultPort || url.Uri.Port <= 0 ? 6379 : url.Uri.Port);
        _connection = new(() => ConnectionMultiplexer.ConnectAsync(_options));
        Description = $"Redis at {url}";
    }

    public string Description { get; }

    public async Task<long?> AcquireOrRenewAsync(string election, string member, TimeSpan ttl, CancellationToken cancellationToken)
    {
        long sentAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = (RedisResult[])(await EvaluateAsync(AcquireScript, [Prefix + "leader:" + election, Prefix + "token:" + election],
            [member, (long)ttl.TotalMilliseconds], cancellationToken).ConfigureAwait(false))!;
        if ((long)result[0] == 1)
        {
            _vacantAt.TryRemove(election, out _);
            return (long)result[1];
        }

        // Timed from the send: the key cannot expire sooner than that, seen from here. A key without a TTL (not one of
        // ours) gives no hint: the caller polls.
        long remainingMs = (long)result[1];
        if (remainingMs >= 0)
        {
            _vacantAt[election] = sentAt + (remainingMs * System.Diagnostics.Stopwatch.Frequency / 1000);
        }
        else
        {
            _vacantAt.TryRemove(election, out _);
        }

        return null;
    }

    public bool LeaseFollowsSession => false;

    public Task WaitForVacancyAsync(string election, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_vacantAt.TryGetValue(election, out long vacantAt))
        {
            // A millisecond past the expiry: Redis expires a key on access at its deadline (PTTL is rounded down).
            TimeSpan until = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), vacantAt) + TimeSpan.FromMilliseconds(1);
            timeout = until < timeout ? until : timeout;
        }

        return timeout > TimeSpan.Zero ? Task.Delay(timeout, cancellationToken) : Task.CompletedTask;
    }

    public Task ReleaseAsync(string election, string member, CancellationToken cancellationToken) =>
        EvaluateAsync(ReleaseScript, [Prefix + "leader:" + election], [member], cancellationToken);

    public Task HeartbeatAsync(string group, string member, TimeSpan ttl, CancellationToken cancellationToken) =>
        EvaluateAsync(HeartbeatScript, [Prefix + "group:" + group], [member, (long)ttl.TotalMilliseconds], cancellationToken);

    public async Task LeaveAsync(string group, string member, CancellationToken cancellationToken)
    {
        IDatabase db = await DatabaseAsync().ConfigureAwait(false);
        await db.SortedSetRemoveAsync(Prefix + "group:" + group, member).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> MembersAsync(string group, CancellationToken cancellationToken)
    {
        RedisResult result = await EvaluateAsync(MembersScript, [Prefix + "group:" + group], [], cancellationToken).ConfigureAwait(false);
        return [.. ((RedisResult[])result!).Select(r => (string)r!).Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        IDatabase db = await DatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await db.ScriptEvaluateAsync(script, keys, values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();
}
