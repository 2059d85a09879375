namespace Oslo.Service.Coordination;

/// <summary>The stores a <c>backend_url</c> can name.</summary>
public enum BackendKind
{
    /// <summary><c>postgresql://</c>: a lease table; the database's clock decides expiry.</summary>
    PostgreSql,

    /// <summary><c>redis://</c>: keys with a TTL; a single instance's clock decides expiry.</summary>
    Redis,

    /// <summary><c>etcd3+http://</c> (or <c>etcd3+https://</c>): etcd leases, linearizable through Raft.</summary>
    Etcd,
}
