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
        long lease = await LiveLeaseAsync(key, cancellationToken).ConfigureAwait(false);
        ByteString name = ByteString.CopyFromUtf8(key);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = name, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = name, Value = ByteString.CopyFromUtf8(member), Lease = lease } });
        txn.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = name } });
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = name } });
        TxnResponse response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken).ConfigureAwait(false);
        Mvccpb.KeyValue? holder = response.Responses[^1].ResponseRange.Kvs.FirstOrDefault();
        return holder is not null && holder.Lease == lease && holder.Value.ToStringUtf8() == member ? holder.CreateRevision : null;
    }

    public async Task ReleaseAsync(string election, string member, CancellationToken cancellationToken)
    {
        if (_leases.TryRemove(Prefix + "leader/" + election, out long lease))
        {
            await _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, cancellationToken: cancellationToken).ConfigureAwait(false);
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
        if (_leases.TryGetValue(key, out long lease))
        {
            using AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call =
                _client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, cancellationToken).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            if (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) && call.ResponseStream.Current.TTL > 0)
            {
                return lease;
            }
        }

        LeaseGrantResponse granted = await _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = _ttlSeconds }, cancellationToken: cancellationToken).ConfigureAwait(false);
        _leases[key] = granted.ID;
        return granted.ID;
    }
}
