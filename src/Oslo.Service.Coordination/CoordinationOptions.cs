using Oslo.Config;

namespace Oslo.Service.Coordination;

/// <summary>
/// The <c>[coordination]</c> options, named as in the OpenStack services that use tooz (aodh, ceilometer, designate),
/// so that their configuration carries over.
/// </summary>
public static class CoordinationOptions
{
    /// <summary>The section name.</summary>
    public const string ConfigSection = "coordination";

    /// <summary><c>[coordination] backend_url</c>: the store, tooz-style; unset means no coordination.</summary>
    public static readonly StrOpt BackendUrl = new("backend_url", secret: true,
        help: "The coordination backend, as a tooz URL: postgresql://user:password@host:port/database, " +
            "redis://[:password@]host:port[/db] or etcd3+http://host:port. Unset: no coordination (tasks that run " +
            "once per replica or once across the deployment cannot start).");

    /// <summary><c>[coordination] lease_ttl</c>: how long a leadership or membership lease lives without renewal.</summary>
    public static readonly FloatOpt LeaseTtl = new("lease_ttl", @default: 10, min: 1, max: 3600,
        help: "Seconds a leader's lease and a member's heartbeat live in the store without renewal: the time a dead " +
            "or paused leader keeps its leadership. Renewed every third of it. A `timeout` parameter in backend_url " +
            "(tooz's) overrides it.");

    /// <summary><c>[coordination] max_retry_interval</c>: the longest wait between two attempts while the store is unreachable.</summary>
    public static readonly FloatOpt MaxRetryInterval = new("max_retry_interval", @default: 10, min: 0.1, max: 3600,
        help: "Longest wait, in seconds, between two attempts to reach the store while it is unreachable (the wait " +
            "doubles from 0.5 s up to this).");

    /// <summary>The options, in this order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [BackendUrl, LeaseTtl, MaxRetryInterval];

    /// <summary>The options in <c>[coordination]</c>, for the config generator.</summary>
    /// <returns>The group and its options.</returns>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(new OptGroup(ConfigSection), Opts)];

    /// <summary>Registers the options in <c>[coordination]</c>; idempotent.</summary>
    /// <param name="conf">The configuration.</param>
    public static void RegisterOpts(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, new OptGroup(ConfigSection));
    }
}
