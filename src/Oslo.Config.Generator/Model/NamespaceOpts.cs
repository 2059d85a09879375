namespace Oslo.Config.Generator.Model;

/// <summary>What one namespace lists: groups (null = DEFAULT) and their options, in the provider's order.</summary>
internal sealed record NamespaceOpts(string Namespace, IReadOnlyList<GroupOpts> Groups);
