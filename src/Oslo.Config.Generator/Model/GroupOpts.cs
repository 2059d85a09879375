namespace Oslo.Config.Generator.Model;

/// <summary>One (group, options) pair of a namespace listing; a null group is <c>[DEFAULT]</c>.</summary>
internal sealed record GroupOpts(SampleGroup? Group, IReadOnlyList<SampleOpt> Opts);
