namespace Oslo.Config;

/// <summary>
/// An old name and/or group of an option (oslo's <c>cfg.DeprecatedOpt</c>). A null name means "same name", a null
/// group means "same group as the option".
/// </summary>
/// <param name="Name">The old name.</param>
/// <param name="Group">The old group (<c>DEFAULT</c> or null for the option's own group).</param>
public sealed record DeprecatedOpt(string? Name, string? Group = null);
