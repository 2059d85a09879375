namespace Oslo.Service.Backdoor;

/// <summary>
/// Settings of the debug console that are code, not configuration: where the listening address comes from stays
/// oslo's <c>backdoor_port</c> / <c>backdoor_socket</c>.
/// </summary>
public sealed class BackdoorOptions
{
    /// <summary>
    /// A shared secret a connection must send as its first line before anything else is accepted. Null (the
    /// default, as in oslo) means no token. The option <c>backdoor_token_file</c>, when set, takes precedence: prefer
    /// it (an environment variable would be inherited by every worker and everything they start).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// How long a connection has to send the token; it holds no session slot meanwhile, and is closed after.
    /// Default 10 s.
    /// </summary>
    public TimeSpan AuthenticationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where <c>prof stop</c> writes <c>.nettrace</c> files; the system temp directory when null (as oslo).</summary>
    public string? ProfileDirectory { get; set; }

    /// <summary>How many sessions may be open at once; further connections are told so and closed. Default 8.</summary>
    public int MaxSessions { get; set; } = 8;

    /// <summary>How long a cancelled evaluation may take to stop before the session stops waiting for it. Default 2 s.</summary>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (MaxSessions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSessions), MaxSessions, "MaxSessions must be at least 1.");
        }

        if (AuthenticationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AuthenticationTimeout), AuthenticationTimeout, "AuthenticationTimeout must be positive.");
        }

        if (Token is { Length: 0 })
        {
            throw new ArgumentException("Token must not be empty; use null for no token.", nameof(Token));
        }
    }
}
