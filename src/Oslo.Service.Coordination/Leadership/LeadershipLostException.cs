namespace Oslo.Service.Coordination.Leadership;

/// <summary>A leader's term ended (its lease expired or was taken) before an action it guards.</summary>
public sealed class LeadershipLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="election">The election.</param>
    /// <param name="fencingToken">The ended term's token.</param>
    public LeadershipLostException(string election, long fencingToken)
        : base($"Leadership of '{election}' (token {fencingToken}) is over: its lease was not renewed in time.")
    {
        Election = election;
        FencingToken = fencingToken;
    }

    /// <summary>The election.</summary>
    public string Election { get; }

    /// <summary>The ended term's token.</summary>
    public long FencingToken { get; }
}
