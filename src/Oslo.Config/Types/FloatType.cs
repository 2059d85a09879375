using System.Globalization;

namespace Oslo.Config;

/// <summary>oslo's <c>types.Float</c>: invariant-culture floating point with optional min/max.</summary>
public sealed class FloatType : ConfigType<double?>
{
    /// <summary>Creates the type.</summary>
    public FloatType(double? min = null, double? max = null)
    {
        if (min is not null && max is not null && max < min)
        {
            throw new ArgumentException("Max value is less than min value");
        }

        Min = min;
        Max = max;
    }

    /// <inheritdoc/>
    public override string TypeName => "floating point value";

    /// <summary>Smallest allowed value.</summary>
    public double? Min { get; }

    /// <summary>Largest allowed value.</summary>
    public double? Max { get; }

    /// <inheritdoc/>
    public override object? Minimum => Min;

    /// <inheritdoc/>
    public override object? Maximum => Max;

    /// <inheritdoc/>
    public override double? ParseValue(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string trimmed = value.Trim();
        double parsed;
        if (trimmed.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            parsed = double.NaN;
        }
        else if (trimmed is "inf" or "+inf" or "infinity" or "+infinity")
        {
            parsed = double.PositiveInfinity;
        }
        else if (trimmed is "-inf" or "-infinity")
        {
            parsed = double.NegativeInfinity;
        }
        else if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out parsed))
        {
            throw new ConfigValueException($"could not convert string to float: {PyRepr.Str(value)}");
        }

        return CheckValue(parsed);
    }

    /// <inheritdoc/>
    public override double? CheckValue(double? value)
    {
        if (value is not double v)
        {
            return null;
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
    public override string FormatValue(double? value) => value is double d ? PyRepr.Float(d) : NoneDefault;

    /// <inheritdoc/>
    public override string ToString()
    {
        var props = new List<string>();
        if (Min is not null)
        {
            props.Add("min=" + PyRepr.G(Min.Value));
        }

        if (Max is not null)
        {
            props.Add("max=" + PyRepr.G(Max.Value));
        }

        return props.Count > 0 ? $"Float({string.Join(", ", props)})" : "Float";
    }
}
