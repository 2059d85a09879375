namespace Oslo.Config;

/// <summary>A <c>$opt</c> reference cannot be substituted (oslo's <c>TemplateSubstitutionError</c>).</summary>
public sealed class TemplateSubstitutionException : OsloConfigException
{
    /// <summary>Creates the exception: <c>template substitution error: {reason}</c>.</summary>
    public TemplateSubstitutionException(string reason) : base($"template substitution error: {reason}") { }
}
