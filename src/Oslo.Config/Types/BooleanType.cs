namespace Oslo.Config;

/// <summary>oslo's <c>types.Boolean</c>: <c>true/1/on/yes</c> and <c>false/0/off/no</c>, any case.</summary>
public sealed class BooleanType : ConfigType<bool?>
{
    /// <inheritdoc/>
    public override string TypeName => "boolean value";

    /// <inheritdoc/>
    public override bool? ParseValue(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => throw new ConfigValueException($"Unexpected boolean value {PyRepr.Str(value)}"),
    };

    /// <inheritdoc/>
    public override string FormatValue(bool? value) => value == true ? "true" : "false";

    /// <inheritdoc/>
    public override string ToString() => "Boolean";
}
