namespace Oslo.Config;

/// <summary>No group of that name is registered (oslo's <c>NoSuchGroupError</c>).</summary>
public sealed class NoSuchGroupException : OsloConfigException
{
    /// <summary>Creates the exception: <c>no such group [{name}]</c>.</summary>
    public NoSuchGroupException(string groupName) : base($"no such group [{groupName}]") => GroupName = groupName;

    /// <summary>The group name that was asked for.</summary>
    public string GroupName { get; }
}
