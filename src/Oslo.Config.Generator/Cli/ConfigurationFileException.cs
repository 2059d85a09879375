namespace Oslo.Config.Generator.Cli;

/// <summary>A tool's own config file (<c>--config-file</c>) is missing, malformed or holds a bad value.</summary>
internal sealed class ConfigurationFileException(string message) : Exception(message);