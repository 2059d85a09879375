namespace Oslo.Config.Discovery;

/// <summary>A namespace cannot be found or listed, or an assembly given with <c>--assembly</c> cannot be loaded.</summary>
public sealed class DiscoveryException(string message) : Exception(message);
