namespace Oslo.Config.Validation;

/// <summary>How bad a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Allowed unless <c>--fatal-warnings</c> (deprecated options).</summary>
    Warning,

    /// <summary>Always fails validation.</summary>
    Error,
}

/// <summary>Which rule a finding comes from.</summary>
public enum FindingRule
{
    /// <summary>A section that is not a registered group (nor a deprecated group).</summary>
    UnknownSection,

    /// <summary>A key that is not an option (nor a deprecated name) of its section's group.</summary>
    UnknownOption,

    /// <summary>A value the option's type rejects.</summary>
    InvalidValue,

    /// <summary>A deprecated name, or an option deprecated for removal.</summary>
    Deprecated,

    /// <summary>A required option without a value in any file.</summary>
    MissingRequired,

    /// <summary>A file that breaks the INI dialect.</summary>
    Syntax,
}
