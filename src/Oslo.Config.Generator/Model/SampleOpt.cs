namespace Oslo.Config.Generator.Model;

/// <summary>
/// What the sample writers need to know about one option, already reduced to oslo's notions (type name, bounds,
/// choices, formatted defaults). Keeping the writers on this flat record keeps them independent of how the option
/// model stores types.
/// </summary>
internal sealed record SampleOpt
{
    public required string Name { get; init; }

    /// <summary>The option class (<c>StrOpt</c>, <c>PortOpt</c>, ...), which the rst format describes.</summary>
    public string OptClass { get; init; } = "Opt";

    public required string Dest { get; init; }

    public string? Help { get; init; }

    /// <summary>oslo's <c>type_name</c>, e.g. <c>string value</c>.</summary>
    public required string TypeName { get; init; }

    /// <summary>The type's minimum (a number), or null.</summary>
    public object? MinValue { get; init; }

    /// <summary>The type's maximum (a number), or null.</summary>
    public object? MaxValue { get; init; }

    /// <summary>The minimum as Python's <c>str()</c> prints it, or null.</summary>
    public string? Min => MinValue is null ? null : PyRepr.Display(MinValue);

    /// <summary>The maximum as Python's <c>str()</c> prints it, or null.</summary>
    public string? Max => MaxValue is null ? null : PyRepr.Display(MaxValue);

    public IReadOnlyList<SampleChoice> Choices { get; init; } = [];

    public bool Mutable { get; init; }

    public bool Advanced { get; init; }

    public bool Required { get; init; }

    public bool Secret { get; init; }

    public bool Positional { get; init; }

    public string? Short { get; init; }

    public string? Metavar { get; init; }

    public IReadOnlyList<SampleDeprecatedOpt> DeprecatedOpts { get; init; } = [];

    public bool DeprecatedForRemoval { get; init; }

    public string? DeprecatedReason { get; init; }

    public string? DeprecatedSince { get; init; }

    /// <summary>The raw sample default (a string, or a list for multi-valued options), or null.</summary>
    public object? SampleDefault { get; init; }

    /// <summary>The raw default, for the machine-readable formats.</summary>
    public object? Default { get; init; }

    /// <summary>The result of oslo's <c>type.format_defaults(default, sample_default)</c>: one entry per line.</summary>
    public required IReadOnlyList<string> FormattedDefaults { get; init; }

    /// <summary>Why the defaults could not be formatted; the sample then carries a warning instead of the option.</summary>
    public string? FormatError { get; init; }

    /// <summary>Python truthiness of <c>sample_default</c>, which decides the "sample default set" notice.</summary>
    public bool HasTruthySampleDefault => SampleDefault switch
    {
        null => false,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };
}
