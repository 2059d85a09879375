namespace Oslo.Config;

/// <summary>
/// A value type of an option (oslo's <c>oslo_config.types</c>): parses raw text with oslo's rules and error
/// texts, checks typed values, and renders defaults for the sample file.
/// </summary>
public interface IConfigType
{
    /// <summary>The type name of the sample file, e.g. <c>string value</c>, <c>port value</c>, <c>multi valued</c>.</summary>
    string TypeName { get; }

    /// <summary>The .NET type of a converted value.</summary>
    Type ValueType { get; }

    /// <summary>Smallest allowed value (numbers only), shown as <c># Minimum value:</c>.</summary>
    object? Minimum { get; }

    /// <summary>Largest allowed value (numbers only), shown as <c># Maximum value:</c>.</summary>
    object? Maximum { get; }

    /// <summary>Allowed values with their descriptions, in declaration order, or null when unrestricted.</summary>
    IReadOnlyList<KeyValuePair<object?, string?>>? Choices { get; }

    /// <summary>Parses raw text (after INI processing). Throws <see cref="ConfigValueException"/> with oslo's reason.</summary>
    object? Parse(string value);

    /// <summary>
    /// Converts a value given in code (a default, an override): text is parsed, a typed value is checked against
    /// the type's limits. Throws <see cref="ConfigValueException"/>.
    /// </summary>
    object? Convert(object? value);

    /// <summary>
    /// Renders a default the way <c>oslo-config-generator</c> writes it after <c>#name = </c>; one string per
    /// line of the sample (several for multi-valued options; <c>""</c> renders as <c>#name =</c>).
    /// </summary>
    IReadOnlyList<string> FormatDefaults(object? defaultValue, string? sampleDefault = null);
}
