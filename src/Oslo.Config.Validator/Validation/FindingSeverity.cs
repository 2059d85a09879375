namespace Oslo.Config.Validator.Validation;

/// <summary>How bad a finding is.</summary>
internal enum FindingSeverity
{
    /// <summary>Allowed unless <c>--fatal-warnings</c> (deprecated options).</summary>
    Warning,

    /// <summary>Always fails validation.</summary>
    Error,
}
