using System.Globalization;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Config;
using Oslo.Service.Coordination.Backends;
using Oslo.Service.Coordination.Leadership;
using Oslo.Service.Coordination.Membership;

namespace Oslo.Service.Coordination;

/// <summary>
/// One member's connection to the coordination store (tooz's <c>Coordinator</c>): elections with leases and fencing
/// tokens, and partitioned groups. One per process: each worker of each replica is its own member, named
/// <see cref="MemberId"/>. Store failures are logged once per outage, retried with back-off, and never thrown.
/// </summary>
public sealed class Coordinator : IAsyncDisposable
{
    private readonly CoordinatorContext _context;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LeaderElection> _elections = new(StringComparer.Ordinal);
    private readonly List<PartitionedGroup> _groups = [];
    private bool _disposed;

    /// <summary>Creates a member of the store named by <paramref name="backendUrl"/>; nothing is sent until an election or group starts.</summary>
    /// <param name="backendUrl">The store.</param>
    /// <param name="leaseTtl">The lease TTL (tooz's <c>timeout</c> parameter in the URL wins when given).</param>
    /// <param name="maxRetryInterval">The longest wait between attempts while the store is unreachable.</param>
    /// <param name="loggerFactory">Where leadership changes and store outages are logged.</param>
    /// <param name="memberId">This member's id; host name, pid and a random suffix when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null (its timestamps must be monotonic).</param>
    /// <param name="random">A uniform sample in [0, 1) for retry jitter; <see cref="Random.Shared"/> when null.</param>
    public Coordinator(
        BackendUrl backendUrl,
        TimeSpan leaseTtl,
        TimeSpan maxRetryInterval,
        ILoggerFactory? loggerFactory = null,
        string? memberId = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(backendUrl);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseTtl, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxRetryInterval, TimeSpan.Zero);
        BackendUrl = backendUrl;
        LeaseTtl = backendUrl.Timeout ?? leaseTtl;
        MemberId = memberId ?? DefaultMemberId();
        ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oslo.Service.Coordination");
        ICoordinationBackend backend = backendUrl.Kind switch
        {
            BackendKind.PostgreSql => new PostgresBackend(backendUrl),
            BackendKind.Redis => new RedisBackend(backendUrl, LeaseTtl),
            _ => new EtcdBackend(backendUrl, LeaseTtl),
        };
        _context = new CoordinatorContext(backend, MemberId, LeaseTtl, maxRetryInterval, logger,
            timeProvider ?? TimeProvider.System, random ?? Random.Shared.NextDouble);
        logger.CoordinatorStarted(MemberId, backend.Description, LeaseTtl.TotalSeconds);
    }

    /// <summary>The store.</summary>
    public BackendUrl BackendUrl { get; }

    /// <summary>The lease TTL in force.</summary>
    public TimeSpan LeaseTtl { get; }

    /// <summary>This member's id in the store.</summary>
    public string MemberId { get; }

    /// <summary>
    /// This replica's id: the host name and the pid of the process launcher (the worker's parent), or of this process
    /// when it runs without workers. The workers of one replica share it; <see cref="Oslo.Service.Periodic.PeriodicTaskRunOn.OncePerReplica"/> elects within it.
    /// </summary>
    public static string ReplicaId { get; } = $"{Environment.MachineName}:{LauncherPid().ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether the last call to the store failed.</summary>
    public bool IsBackendDown => _context.Health.IsDown;

    /// <summary>
    /// Creates the coordinator <c>[coordination]</c> configures (registering the options), or returns null when
    /// <c>backend_url</c> is unset.
    /// </summary>
    /// <param name="conf">The parsed configuration.</param>
    /// <param name="loggerFactory">Where leadership changes and store outages are logged.</param>
    /// <returns>The coordinator, or null.</returns>
    /// <exception cref="OsloStartupException"><c>backend_url</c> is malformed or names an unsupported store.</exception>
    public static Coordinator? FromConfig(ConfigOpts conf, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        CoordinationOptions.RegisterOpts(conf);
        var group = new OptGroup(CoordinationOptions.ConfigSection);
        string? url = conf.Get(CoordinationOptions.BackendUrl, group);
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return new Coordinator(
            BackendUrl.Parse(url),
            TimeSpan.FromSeconds(conf.Get(CoordinationOptions.LeaseTtl, group)),
            TimeSpan.FromSeconds(conf.Get(CoordinationOptions.MaxRetryInterval, group)),
            loggerFactory);
    }

    /// <summary>The election named <paramref name="name"/>, campaigning from the first call on.</summary>
    /// <param name="name">The election's name, shared by every member that competes.</param>
    /// <returns>The election.</returns>
    public LeaderElection Election(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_elections.TryGetValue(name, out LeaderElection? election))
            {
                election = new LeaderElection(name, _context);
                _elections.Add(name, election);
            }

            return election;
        }
    }

    /// <summary>
    /// Joins <paramref name="group"/> and returns once this member has read the group's members once (tooz's
    /// <c>join_partitioned_group</c>). While the store is unreachable it keeps trying until <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="group">The group's name.</param>
    /// <param name="cancellationToken">Gives up waiting for the first read.</param>
    /// <returns>The joined group.</returns>
    public async Task<PartitionedGroup> JoinPartitionedGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        var partitioned = new PartitionedGroup(group, _context);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _groups.Add(partitioned);
        }

        await partitioned.StartAsync(cancellationToken).ConfigureAwait(false);
        return partitioned;
    }

    /// <summary>Gives up every lease and leaves every group (so others take over at once), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        LeaderElection[] elections;
        PartitionedGroup[] groups;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            elections = [.. _elections.Values];
            groups = [.. _groups];
        }

        foreach (LeaderElection election in elections)
        {
            await election.DisposeAsync().ConfigureAwait(false);
        }

        foreach (PartitionedGroup group in groups)
        {
            await group.DisposeAsync().ConfigureAwait(false);
        }

        await _context.Backend.DisposeAsync().ConfigureAwait(false);
    }

    private static string DefaultMemberId() =>
        $"{Environment.MachineName}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid().ToString("N")[..6]}";

    // The worker's parent is in oslo's OSLO_SERVICE_WORKER variable ("…;parent=<pid>;…"), set by the ProcessLauncher.
    private static int LauncherPid()
    {
        string? identity = Environment.GetEnvironmentVariable("OSLO_SERVICE_WORKER");
        foreach (string field in (identity ?? string.Empty).Split(';'))
        {
            if (field.StartsWith("parent=", StringComparison.Ordinal)
                && int.TryParse(field.AsSpan("parent=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                return pid;
            }
        }

        return Environment.ProcessId;
    }
}
