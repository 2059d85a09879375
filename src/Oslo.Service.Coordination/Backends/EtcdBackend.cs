using System.Collections.Concurrent;

using dotnet_etcd;

using Etcdserverpb;

using Google.Protobuf;

using Grpc.Core;

namespace Oslo.Service.Coordination.Backends;

/// <summary>
/// etcd v3 through dotnet-etcd (gRPC): a leader key attached to an etcd lease, created only if absent (a transaction
/// on its create revision); the fencing token is the key's create revision, which etcd's Raft log makes grow across
/// the whole cluster. Members are keys under the group's prefix, each on its member's lease. etcd, not the member,
/// expires a lease, and a read after a write sees it (linearizable).
/// </summary>
internal sealed class EtcdBackend : ICoordinationBackend
{
    private const string Prefix = "oslo.coordination/";
    private readonly EtcdClient _client;
    private readonly long _ttlSeconds;
    private readonly ConcurrentDictionary<string, long> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Lease, long Revision)> _held = new(StringComparer.Ordinal);
    // The store's revision when each election's key was last seen held by another member: a follower watches the key
    // from the next one, so the delete that ends the lease (expiry or revoke) wakes it at once, none missed.
    private readonly ConcurrentDictionary<string, long> _seenHeldAt = new(StringComparer.Ordinal);

    public EtcdBackend(BackendUrl url, TimeSpan ttl)
    {
        string scheme = url.Uri.Scheme == "etcd3+https" ? "https" : "http";
        int port = url.Uri.IsDefaultPort || url.Uri.Port <= 0 ? 2379 : url.Uri.Port;
        _client = new EtcdClient($"{scheme}://{url.Uri.Host}:{port}");
        _ttlSeconds = Math.Max(2, (long)Math.Ceiling(ttl.TotalSeconds));
        Description = $"etcd at {url}";
    }

    public string Description { get; }

    public async Task<long?> AcquireOrRenewAsync(string election, string member, TimeSpan ttl, CancellationToken cancellationToken)
    {
        string key = Prefix + "leader/" + election;
        // Held: one keep-alive round trip renews it, and the key lives as long as its lease (nobody else deletes it).
        if (_held.TryGetValue(key, out (long Lease, long Revision) held))
        {
            if (await KeepAliveAsync(held.Lease, cancellationToken).ConfigureAwait(false))
            {
                return held.Revision;
            }

            _held.TryRemove(key, out _);
        }

        // Not held: a read (no Raft write) while another member's key exists, a lease and a create-if-absent only when free.
        ByteString name = ByteString.CopyFromUtf8(key);
        RangeResponse current = await _client.GetAsync(new RangeRequest { Key = name }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current.Kvs.Count > 0)
        {
            _seenHeldAt[election] = current.Header.Revision;
            return null;
        }

        LeaseGrantResponse granted = await _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = _ttlSeconds }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = name, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = name, Value = ByteString.CopyFromUtf8(member), Lease = granted.ID } });
        txn.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = name } });
        TxnResponse response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            await _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = granted.ID }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }

        long revision = response.Responses[^1].ResponseRange.Kvs[0].CreateRevision;
        _held[key] = (granted.ID, revision);
        _seenHeldAt.TryRemove(election, out _);
        return revision;
    }

    public bool LeaseFollowsSession => false;

    public async Task WaitForVacancyAsync(string election, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_seenHeldAt.TryGetValue(election, out long revision))
        {
            await Task.Delay(timeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            using AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call =
                _client.GetConnection().WatchClient.Watch(cancellationToken: bounded.Token);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest { Key = ByteString.CopyFromUtf8(Prefix + "leader/" + election), StartRevision = revision + 1 },
            }, bounded.Token).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(bounded.Token).ConfigureAwait(false))
            {
                WatchResponse response = call.ResponseStream.Current;
                if (response.Canceled || response.CompactRevision > 0
                    || response.Events.Any(e => e.Type == Mvccpb.Event.Types.EventType.Delete))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or RpcException)
        {
            // Timed out: the holder's lease is still alive.
        }
    }

    public async Task ReleaseAsync(string election, string member, CancellationToken cancellationToken)
    {
        if (_held.TryRemove(Prefix + "leader/" + election, out (long Lease, long Revision) held))
        {
            await _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = held.Lease }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task HeartbeatAsync(string group, string member, TimeSpan ttl, CancellationToken cancellationToken)
    {
        string key = Prefix + "group/" + group + "/" + member;
        long? kept = _leases.TryGetValue(key, out long previous) ? previous : null;
        long lease = await LiveLeaseAsync(key, cancellationToken).ConfigureAwait(false);
        if (kept != lease)
        {
            await _client.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(member), Lease = lease },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task LeaveAsync(string group, string member, CancellationToken cancellationToken)
    {
        if (_leases.TryRemove(Prefix + "group/" + group + "/" + member, out long lease))
        {
            await _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> MembersAsync(string group, CancellationToken cancellationToken)
    {
        RangeResponse range = await _client.GetRangeAsync(Prefix + "group/" + group + "/", cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Kvs.Select(kv => kv.Value.ToStringUtf8()).Order(StringComparer.Ordinal)];
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // The lease kept for this key if etcd still has it (one keep-alive round trip), else a new one. A new lease means
    // the old one expired, and with it the key: the caller writes the key again.
    private async Task<long> LiveLeaseAsync(string key, CancellationToken cancellationToken)
    {
        if (_leases.TryGetValue(key, out long lease) && await KeepAliveAsync(lease, cancellationToken).ConfigureAwait(false))
        {
            return lease;
        }

        LeaseGrantResponse granted = await _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = _ttlSeconds }, cancellationToken: cancellationToken).ConfigureAwait(false);
        _leases[key] = granted.ID;
        return granted.ID;
    }

    // One keep-alive on its own stream: etcd's keep-alive is a bidirectional stream only; a TTL of 0 means expired.
    private async Task<bool> KeepAliveAsync(long lease, CancellationToken cancellationToken)
    {
        using AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call =
            _client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) && call.ResponseStream.Current.TTL > 0;
    }
}
