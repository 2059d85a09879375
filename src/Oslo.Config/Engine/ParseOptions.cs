namespace Oslo.Config;

/// <summary>The arguments of <see cref="ConfigOpts.Parse"/>, kept so that reload and mutate repeat the same parse.</summary>
internal sealed record ParseOptions(
    IReadOnlyList<string> Args,
    string? Project,
    string Prog,
    string? Version,
    IReadOnlyList<string> DefaultConfigFiles,
    IReadOnlyList<string> DefaultConfigDirs,
    bool ValidateDefaultValues,
    bool UseEnv);
