using System.Collections;

namespace Oslo.Config;

/// <summary>Base class of the option types: typed parsing plus the sample-file rendering rules of oslo.</summary>
/// <typeparam name="T">The converted value type.</typeparam>
public abstract class ConfigType<T> : IConfigType
{
    /// <summary>How a missing default is written in the sample file.</summary>
    protected const string NoneDefault = "<None>";

    /// <inheritdoc/>
    public abstract string TypeName { get; }

    /// <inheritdoc/>
    public Type ValueType => typeof(T);

    /// <inheritdoc/>
    public virtual object? Minimum => null;

    /// <inheritdoc/>
    public virtual object? Maximum => null;

    /// <inheritdoc/>
    public virtual IReadOnlyList<KeyValuePair<object?, string?>>? Choices => null;

    /// <summary>Parses raw text with oslo's rules.</summary>
    /// <exception cref="ConfigValueException">The text is not a valid value.</exception>
    public abstract T ParseValue(string value);

    /// <summary>Checks a typed value against the type's limits; returns it (possibly normalised).</summary>
    /// <exception cref="ConfigValueException">The value is outside the limits.</exception>
    public virtual T CheckValue(T value) => value;

    /// <summary>Converts a value given in code: text is parsed, a <typeparamref name="T"/> is checked.</summary>
    public virtual T ConvertValue(object? value) => value switch
    {
        null => default!,
        string s => ParseValue(s),
        T t => CheckValue(t),
        _ => ParseValue(PyRepr.Display(value)),
    };

    /// <summary>Renders one value for the sample file (Python <c>str()</c> by default).</summary>
    public virtual string FormatValue(T value) => PyRepr.Display(value);

    /// <inheritdoc/>
    object? IConfigType.Parse(string value) => ParseValue(value);

    /// <inheritdoc/>
    object? IConfigType.Convert(object? value) => ConvertValue(value);

    /// <inheritdoc/>
    public virtual IReadOnlyList<string> FormatDefaults(object? defaultValue, string? sampleDefault = null)
    {
        if (sampleDefault is not null)
        {
            return [sampleDefault];
        }

        if (defaultValue is null)
        {
            return [NoneDefault];
        }

        // A multi-valued option of this item type: one sample line per element.
        if (defaultValue is not T && defaultValue is not string && defaultValue is IEnumerable items)
        {
            var lines = new List<string>();
            foreach (object? item in items)
            {
                lines.Add(item is null ? NoneDefault : FormatValue(ConvertValue(item)));
            }

            return lines.Count == 0 ? [""] : lines;
        }

        return [FormatValue(ConvertValue(defaultValue))];
    }

    /// <summary>The Python <c>repr()</c> of the type, used in command-line error texts (<c>Port(min=0, max=65535)</c>).</summary>
    public abstract override string ToString();

    /// <summary>Quotes text that has leading or trailing whitespace, as oslo's sample writer does.</summary>
    protected static string QuoteIfPadded(string value) => value.Trim() != value ? "\"" + value + "\"" : value;
}
