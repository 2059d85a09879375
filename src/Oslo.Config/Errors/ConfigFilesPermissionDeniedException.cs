namespace Oslo.Config;

/// <summary>Some config files cannot be read (oslo's <c>ConfigFilesPermissionDeniedError</c>).</summary>
public sealed class ConfigFilesPermissionDeniedException : OsloConfigException
{
    /// <summary>Creates the exception: <c>Failed to open some config files: a,b</c>.</summary>
    public ConfigFilesPermissionDeniedException(IReadOnlyList<string> files)
        : base($"Failed to open some config files: {string.Join(",", files)}") => ConfigFiles = files;

    /// <summary>The unreadable files.</summary>
    public IReadOnlyList<string> ConfigFiles { get; }
}
