namespace Oslo.Config;

/// <summary>A <c>--config-dir</c> does not exist (oslo's <c>ConfigDirNotFoundError</c>).</summary>
public sealed class ConfigDirNotFoundException : OsloConfigException
{
    /// <summary>Creates the exception: <c>Failed to read config file directory: {dir}</c>.</summary>
    public ConfigDirNotFoundException(string configDir)
        : base($"Failed to read config file directory: {configDir}") => ConfigDir = configDir;

    /// <summary>The missing directory.</summary>
    public string ConfigDir { get; }
}
