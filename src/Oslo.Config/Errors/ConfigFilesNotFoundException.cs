namespace Oslo.Config;

/// <summary>Some <c>--config-file</c> paths do not exist (oslo's <c>ConfigFilesNotFoundError</c>).</summary>
public sealed class ConfigFilesNotFoundException : OsloConfigException
{
    /// <summary>Creates the exception: <c>Failed to find some config files: a,b</c>.</summary>
    public ConfigFilesNotFoundException(IReadOnlyList<string> files)
        : base($"Failed to find some config files: {string.Join(",", files)}") => ConfigFiles = files;

    /// <summary>The missing files.</summary>
    public IReadOnlyList<string> ConfigFiles { get; }
}
