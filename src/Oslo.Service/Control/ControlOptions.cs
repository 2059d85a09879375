using Oslo.Config;
using Oslo.Service.Control;

[assembly: OsloConfigOpts("oslo.service.control", typeof(ControlOptions), nameof(ControlOptions.ListOpts))]

namespace Oslo.Service.Control;

/// <summary>
/// The <c>[control]</c> options: the Unix socket on which a process launcher's parent takes <c>oslo-ctl</c>
/// commands (our own; oslo.service has none). Off unless <c>socket_path</c> is set.
/// </summary>
public static class ControlOptions
{
    /// <summary>The file name of the socket in <c>$RUNTIME_DIRECTORY</c> when <c>socket_path</c> is relative.</summary>
    public const string DefaultSocketName = "oslo-ctl.sock";

    /// <summary>The group, <c>[control]</c>.</summary>
    public static readonly OptGroup Group = new("control", title: "Control socket",
        help: "The Unix socket oslo-ctl talks to (status, reload, scale, recycle, stop, stacks, config).");

    /// <summary><c>socket_path</c>: where the parent listens for <c>oslo-ctl</c>; unset disables it.</summary>
    public static readonly StrOpt SocketPath = new("socket_path",
        help: "Listen for oslo-ctl on this Unix socket (mode 0600; only the service's own user and root may connect, "
            + "checked with SO_PEERCRED). A relative path is placed in $RUNTIME_DIRECTORY when systemd sets it "
            + "(RuntimeDirectory=), e.g. socket_path = oslo-ctl.sock. Unset: no control socket.");

    /// <summary>Every option of the group, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [SocketPath];

    /// <summary>Namespace <c>oslo.service.control</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    /// <param name="conf">The configuration.</param>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, Group);
    }

    /// <summary>
    /// Where the socket goes: <paramref name="configured"/> as given when absolute; under <c>$RUNTIME_DIRECTORY</c>
    /// (systemd's <c>RuntimeDirectory=</c>) when relative and that is set; else relative to the working directory.
    /// </summary>
    /// <param name="configured">The value of <c>socket_path</c>.</param>
    /// <param name="runtimeDirectory">The value of <c>$RUNTIME_DIRECTORY</c> (its first entry is used).</param>
    /// <returns>The full path.</returns>
    public static string ResolveSocketPath(string configured, string? runtimeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(configured);
        if (Path.IsPathRooted(configured) || string.IsNullOrEmpty(runtimeDirectory))
        {
            return Path.GetFullPath(configured);
        }

        // systemd joins several RuntimeDirectory= entries with ':'.
        return Path.Combine(runtimeDirectory.Split(':')[0], configured);
    }
}
