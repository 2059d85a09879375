using System.Globalization;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.Integer</c>: invariant-culture integers with surrounding whitespace allowed (Python's
/// <c>int()</c> oddities such as <c>1_0</c> are not accepted), an empty value is null, min/max or choices.
/// </summary>
public class IntegerType : ConfigType<int?>
{
    private readonly IReadOnlyList<Choice<int>>? _choices;

    /// <summary>Creates the type.</summary>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="choices">Allowed values; when given, min and max are not checked (as in oslo).</param>
    public IntegerType(int? min = null, int? max = null, IReadOnlyList<Choice<int>>? choices = null)
    {
        if (min is not null && max is not null && max < min)
        {
            throw new ArgumentException($"Max value is less than min value");
        }

        if (choices is not null)
        {
            foreach (Choice<int> c in choices)
            {
                if ((min is not null && c.Value < min) || (max is not null && c.Value > max))
                {
                    throw new ArgumentException($"Choice {c.Value} is out of bounds [{min},{max}]");
                }
            }
        }

        Min = min;
        Max = max;
        _choices = choices;
    }

    /// <inheritdoc/>
    public override string TypeName => "integer value";

    /// <summary>Smallest allowed value.</summary>
    public int? Min { get; }

    /// <summary>Largest allowed value.</summary>
    public int? Max { get; }

    /// <inheritdoc/>
    public override object? Minimum => Min;

    /// <inheritdoc/>
    public override object? Maximum => Max;

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<object?, string?>>? Choices =>
        _choices?.Select(c => new KeyValuePair<object?, string?>(c.Value, c.Description)).ToList();

    /// <inheritdoc/>
    public override int? ParseValue(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
        {
            throw new ConfigValueException($"invalid literal for int() with base 10: {PyRepr.Str(value)}");
        }

        if (parsed is < int.MinValue or > int.MaxValue)
        {
            throw new ConfigValueException($"Value {value.Trim()} is out of the 32-bit integer range");
        }

        return CheckValue((int)parsed);
    }

    /// <inheritdoc/>
    public override int? CheckValue(int? value)
    {
        if (value is not int v)
        {
            return null;
        }

        if (_choices is not null)
        {
            if (!_choices.Any(c => c.Value == v))
            {
                throw new ConfigValueException(
                    $"Valid values are [{string.Join(", ", _choices.Select(c => c.Value.ToString(CultureInfo.InvariantCulture)))}], but found {v.ToString(CultureInfo.InvariantCulture)}");
            }

            return v;
        }

        if (Min is not null && v < Min)
        {
            throw new ConfigValueException($"Should be greater than or equal to {PyRepr.G(Min.Value)}");
        }

        if (Max is not null && v > Max)
        {
            throw new ConfigValueException($"Should be less than or equal to {PyRepr.G(Max.Value)}");
        }

        return v;
    }

    /// <inheritdoc/>
    public override string ToString() => Describe("Integer");

    /// <summary>The Python repr with the given class name.</summary>
    protected string Describe(string className)
    {
        var props = new List<string>();
        if (_choices is not null)
        {
            props.Add("choices=" + PyRepr.Repr(_choices.Select(c => c.Value).ToList()));
        }
        else
        {
            if (Min is not null)
            {
                props.Add("min=" + PyRepr.G(Min.Value));
            }

            if (Max is not null)
            {
                props.Add("max=" + PyRepr.G(Max.Value));
            }
        }

        return props.Count > 0 ? $"{className}({string.Join(", ", props)})" : className;
    }
}
