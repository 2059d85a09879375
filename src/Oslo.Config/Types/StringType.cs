using System.Text.RegularExpressions;

namespace Oslo.Config;

/// <summary>oslo's <c>types.String</c>: choices, quotes, regex, ignore_case, max_length.</summary>
public class StringType : ConfigType<string?>
{
    private readonly IReadOnlyList<Choice<string?>>? _choices;
    private readonly Regex? _regex;

    /// <summary>Creates the type.</summary>
    /// <param name="choices">Allowed values (with descriptions); mutually exclusive with <paramref name="regex"/>.</param>
    /// <param name="quotes">Strip one pair of matching quotes; an unclosed quote is an error.</param>
    /// <param name="regex">Pattern the value must contain (unanchored search, like Python's <c>re.search</c>).</param>
    /// <param name="ignoreCase">Compare choices and regex case-insensitively.</param>
    /// <param name="maxLength">Maximum length when positive.</param>
    public StringType(IReadOnlyList<Choice<string?>>? choices = null, bool quotes = false, string? regex = null,
        bool ignoreCase = false, int? maxLength = null)
    {
        if (choices is not null && regex is not null)
        {
            throw new ArgumentException("'choices' and 'regex' cannot both be specified");
        }

        _choices = choices;
        Quotes = quotes;
        Regex = regex;
        IgnoreCase = ignoreCase;
        MaxLength = maxLength;
        if (regex is not null)
        {
            _regex = new Regex(regex, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    /// <inheritdoc/>
    public override string TypeName => "string value";

    /// <summary>Whether surrounding quotes are stripped.</summary>
    public bool Quotes { get; }

    /// <summary>The pattern values must match, if any.</summary>
    public string? Regex { get; }

    /// <summary>Whether choices and regex ignore case.</summary>
    public bool IgnoreCase { get; }

    /// <summary>The maximum length, if positive.</summary>
    public int? MaxLength { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<object?, string?>>? Choices =>
        _choices?.Select(c => new KeyValuePair<object?, string?>(c.Value, c.Description)).ToList();

    /// <inheritdoc/>
    public override string? ParseValue(string value)
    {
        if (Quotes && value.Length > 0 && value[0] is '"' or '\'')
        {
            if (value.Length < 2 || value[^1] != value[0])
            {
                throw new ConfigValueException($"Non-closed quote: {value}");
            }

            value = value[1..^1];
        }

        if (MaxLength is > 0 && value.Length > MaxLength)
        {
            throw new ConfigValueException($"Value '{value}' exceeds maximum length {MaxLength}"); // oslo: %s, not repr
        }

        if (_regex is not null)
        {
            bool matched;
            try
            {
                matched = _regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                matched = false;
            }

            if (!matched)
            {
                throw new ConfigValueException($"Value {PyRepr.Str(value)} doesn't match regex {PyRepr.Str(Regex!)}");
            }
        }

        if (_choices is null)
        {
            return value;
        }

        StringComparison comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (Choice<string?> choice in _choices)
        {
            if (choice.Value is not null && string.Equals(choice.Value, value, comparison))
            {
                return value;
            }
        }

        throw new ConfigValueException(
            $"Valid values are [{string.Join(", ", _choices.Select(c => c.Value ?? "None"))}], but found {PyRepr.Str(value)}");
    }

    /// <inheritdoc/>
    public override string? CheckValue(string? value) => value is null ? null : ParseValue(value);

    /// <inheritdoc/>
    public override string FormatValue(string? value) => QuoteIfPadded(value ?? "");

    /// <inheritdoc/>
    public override string ToString()
    {
        var details = new List<string>();
        if (_choices is not null)
        {
            details.Add("choices=" + PyRepr.Repr(_choices.Select(c => c.Value).ToList()));
        }

        if (Regex is not null)
        {
            details.Add("regex=" + PyRepr.Str(Regex));
        }

        return details.Count > 0 ? $"String({string.Join(",", details)})" : "String";
    }
}
