namespace Oslo.Config.Generator.Model;

/// <summary>A deprecated alias of an option: null group means the option's own group, null name its own name.</summary>
internal sealed record SampleDeprecatedOpt(string? Group, string? Name);
