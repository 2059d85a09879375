namespace Oslo.Config;

/// <summary>
/// <see cref="ConfigOpts.Validate()"/> found several problems; the message lists them all on one line, separated
/// by <c>; </c>, so an operator fixes them in one go.
/// </summary>
public sealed class ConfigValidationException : OsloConfigException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ConfigValidationException(IReadOnlyList<OsloConfigException> errors)
        : base($"{errors.Count} configuration errors: {string.Join("; ", errors.Select(e => e.Message))}") => Errors = errors;

    /// <summary>Every problem, in registration order of the options (then the unknown ones).</summary>
    public IReadOnlyList<OsloConfigException> Errors { get; }
}
