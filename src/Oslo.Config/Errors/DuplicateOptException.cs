namespace Oslo.Config;

/// <summary>A different option is already registered under the same name (oslo's <c>DuplicateOptError</c>).</summary>
public sealed class DuplicateOptException : OsloConfigException
{
    /// <summary>Creates the exception: <c>duplicate option: {name}</c>.</summary>
    public DuplicateOptException(string optName) : base($"duplicate option: {optName}") => OptName = optName;

    /// <summary>The clashing option name.</summary>
    public string OptName { get; }
}
