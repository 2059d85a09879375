namespace Oslo.Config;

/// <summary>oslo's <c>types.MultiString</c>: the item type of <see cref="MultiStrOpt"/> (sample type name <c>multi valued</c>).</summary>
public sealed class MultiStringType : StringType
{
    /// <inheritdoc/>
    public override string TypeName => "multi valued";

    /// <inheritdoc/>
    public override IReadOnlyList<string> FormatDefaults(object? defaultValue, string? sampleDefault = null)
    {
        // oslo's MultiString.NONE_DEFAULT is [''], written as "#name =".
        if (sampleDefault is null && (defaultValue is null || (defaultValue is System.Collections.ICollection { Count: 0 })))
        {
            return [""];
        }

        return base.FormatDefaults(defaultValue, sampleDefault);
    }

    /// <inheritdoc/>
    public override string ToString() => "MultiString";
}
