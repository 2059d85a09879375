namespace Oslo.Config.Generator.Cli;

/// <summary>A usage error on a tool's command line; the tool prints usage and the message and exits with 2.</summary>
internal sealed class CommandLineException(string message) : Exception(message);