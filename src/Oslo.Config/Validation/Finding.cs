namespace Oslo.Config.Validation;

/// <summary>One problem found in a config file, with where it is.</summary>
/// <param name="Severity">Errors fail validation; warnings only with <c>--fatal-warnings</c>.</param>
/// <param name="File">The config file.</param>
/// <param name="Line">The 1-based line the problem is on.</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="Rule">Which rule found it.</param>
public sealed record Finding(FindingSeverity Severity, string File, int Line, string Message, FindingRule Rule)
{
    /// <summary><c>ERROR: /etc/x.conf:3: [DEFAULT] wokers is not a known option ...</c></summary>
    public override string ToString() =>
        $"{(Severity == FindingSeverity.Error ? "ERROR" : "WARNING")}: {File}:{Line}: {Message}";
}
