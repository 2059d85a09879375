namespace Oslo.Config.Generator.Model;

/// <summary>What one namespace lists: groups (null = DEFAULT) and their options, in the provider's order.</summary>
internal sealed record NamespaceOpts(string Namespace, IReadOnlyList<GroupOpts> Groups);

/// <summary>One (group, options) pair of a namespace listing; a null group is <c>[DEFAULT]</c>.</summary>
internal sealed record GroupOpts(SampleGroup? Group, IReadOnlyList<SampleOpt> Opts);