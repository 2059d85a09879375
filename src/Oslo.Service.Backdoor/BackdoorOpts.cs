using Oslo.Config;
using Oslo.Service.Backdoor;

// The console's own option; backdoor_port and backdoor_socket are in oslo.service.service, as in oslo.
[assembly: OsloConfigOpts("oslo.service.backdoor", typeof(BackdoorOpts), nameof(BackdoorOpts.ListOpts))]

namespace Oslo.Service.Backdoor;

/// <summary>The configuration options of the debug console: oslo's two and the token file, all in <c>[DEFAULT]</c>.</summary>
public static class BackdoorOpts
{
    /// <summary>
    /// <c>backdoor_token_file</c>: a file whose first line is the token a connection must send before anything else.
    /// Refused when its group or others have any permission on it. Ours; oslo has no token.
    /// </summary>
    public static readonly StrOpt TokenFile = new("backdoor_token_file", mutable: true,
        help: "A file whose first line is the token a debug console connection must send as its first line. The "
            + "file must be readable by the service user only (mode 0600 or 0400); the service refuses to start "
            + "otherwise. Without it, any local user who can connect to the console's port runs code as the service "
            + "user. Re-read at every reload.");

    /// <summary>Every option the console reads: <c>backdoor_port</c>, <c>backdoor_socket</c>, <c>backdoor_token_file</c>.</summary>
    public static IReadOnlyList<Opt> All { get; } = [.. ServiceOptions.EventletBackdoorOpts, TokenFile];

    /// <summary>Namespace <c>oslo.service.backdoor</c>: <c>backdoor_token_file</c> in DEFAULT.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(null, [TokenFile])];
}
