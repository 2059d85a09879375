using System.Text.RegularExpressions;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.Hostname</c>: 1..253 characters, one trailing dot dropped, every label
/// <c>[A-Z0-9-]{1,63}</c> not starting or ending with <c>-</c>, and a top-level label that is not all digits.
/// </summary>
public partial class HostnameType : ConfigType<string?>
{
    /// <inheritdoc/>
    public override string TypeName => "hostname value";

    /// <inheritdoc/>
    public override string? ParseValue(string value) => Check(value, LabelRegex());

    /// <inheritdoc/>
    public override string ToString() => "Hostname";

    /// <summary>Validates with the given label pattern; returns the host name without a trailing dot.</summary>
    protected static string Check(string value, Regex label)
    {
        if (value.EndsWith('.'))
        {
            value = value[..^1];
        }

        if (value.Length == 0)
        {
            throw new ConfigValueException("Cannot have an empty hostname");
        }

        if (value.Length > 253)
        {
            throw new ConfigValueException($"hostname is greater than 253 characters: {value}");
        }

        string[] labels = value.Split('.');
        if (!labels[^1].Any(c => char.IsAsciiLetter(c) || c == '-'))
        {
            throw new ConfigValueException(
                $"{value} contains no non-numeric characters in the top-level domain part of the host name and is invalid");
        }

        if (!labels.All(l => label.IsMatch(l)))
        {
            throw new ConfigValueException($"{value} is an invalid hostname");
        }

        return value;
    }

    [GeneratedRegex("^(?!-)[A-Z0-9-]{1,63}(?<!-)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();
}
