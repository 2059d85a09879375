using System.Text.RegularExpressions;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.URI</c>: an absolute URI with a scheme and a host, optionally restricted to some schemes and
/// a maximum length. oslo reports rfc3986's exception text; we say the same thing in one sentence.
/// </summary>
public sealed partial class UriType : ConfigType<string?>
{
    /// <summary>Creates the type.</summary>
    /// <param name="maxLength">Maximum length of the URI, if any.</param>
    /// <param name="schemes">Accepted schemes (lower case), if restricted.</param>
    public UriType(int? maxLength = null, IReadOnlyList<string>? schemes = null)
    {
        MaxLength = maxLength;
        Schemes = schemes;
    }

    /// <inheritdoc/>
    public override string TypeName => "uri value";

    /// <summary>The maximum length, if any.</summary>
    public int? MaxLength { get; }

    /// <summary>The accepted schemes, if restricted.</summary>
    public IReadOnlyList<string>? Schemes { get; }

    /// <inheritdoc/>
    public override string? ParseValue(string value)
    {
        Match m = UriRegex().Match(value);
        string scheme = m.Success ? m.Groups["scheme"].Value : "";
        string host = m.Success ? m.Groups["host"].Value : "";
        var missing = new List<string>();
        if (host.Length == 0)
        {
            missing.Add("host");
        }

        if (scheme.Length == 0)
        {
            missing.Add("scheme");
        }

        if (missing.Count > 0)
        {
            throw new ConfigValueException($"{value} is not a valid URI: {string.Join(", ", missing)} were required but missing");
        }

        // rfc3986 checks the host with a Python regex ending in '$', which also matches before a final newline:
        // "ftp://x\n# comment" (a continuation line) is a valid URI to oslo.
        string checkedValue = host.EndsWith('\n') ? value.Remove(m.Groups["host"].Index + host.Length - 1, 1) : value;
        if (!Uri.TryCreate(checkedValue, UriKind.Absolute, out _))
        {
            throw new ConfigValueException($"{value} is not a valid URI");
        }

        scheme = scheme.ToLowerInvariant();
        if (Schemes is not null && !Schemes.Contains(scheme, StringComparer.Ordinal))
        {
            throw new ConfigValueException($"URI scheme '{scheme}' not in {PyRepr.Repr(Schemes)}");
        }

        if (MaxLength is not null && value.Length > MaxLength)
        {
            throw new ConfigValueException($"Value '{value}' exceeds maximum length {MaxLength}");
        }

        return value;
    }

    /// <inheritdoc/>
    public override string ToString() => "URI";

    // RFC 3986 appendix B split: scheme "://" authority (userinfo@)host(:port) path?query#fragment.
    [GeneratedRegex(@"^(?:(?<scheme>[A-Za-z][A-Za-z0-9+.-]*):)?(?://(?:[^@/?#]*@)?(?<host>\[[^\]]*\]|[^:/?#]*)(?::[0-9]*)?)?[^?#]*(?:\?[^#]*)?(?:#.*)?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex UriRegex();
}
