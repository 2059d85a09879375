namespace Oslo.Config.Generator.Discovery;

/// <summary>A namespace cannot be found or listed, or an assembly given with <c>--assembly</c> cannot be loaded.</summary>
internal sealed class DiscoveryException(string message) : Exception(message);
