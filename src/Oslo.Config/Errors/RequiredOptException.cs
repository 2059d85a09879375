namespace Oslo.Config;

/// <summary>A required option has no value (oslo's <c>RequiredOptError</c>).</summary>
public sealed class RequiredOptException : OsloConfigException
{
    /// <summary>Creates the exception: <c>value required for option {name} in group [{group}]</c>.</summary>
    public RequiredOptException(string optName, string? group = null)
        : base($"value required for option {optName} in group [{group ?? "DEFAULT"}]")
    {
        OptName = optName;
        Group = group;
    }

    /// <summary>The option without a value.</summary>
    public string OptName { get; }

    /// <summary>Its group (null = DEFAULT).</summary>
    public string? Group { get; }
}
