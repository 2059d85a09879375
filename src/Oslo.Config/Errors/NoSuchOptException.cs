namespace Oslo.Config;

/// <summary>No option of that name is registered in that group (oslo's <c>NoSuchOptError</c>).</summary>
public sealed class NoSuchOptException : OsloConfigException
{
    /// <summary>Creates the exception: <c>no such option {name} in group [{group or DEFAULT}]</c>.</summary>
    public NoSuchOptException(string optName, string? group = null)
        : base($"no such option {optName} in group [{group ?? "DEFAULT"}]")
    {
        OptName = optName;
        Group = group;
    }

    /// <summary>The option name that was asked for.</summary>
    public string OptName { get; }

    /// <summary>The group that was searched (null = DEFAULT).</summary>
    public string? Group { get; }
}
