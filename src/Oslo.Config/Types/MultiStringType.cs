namespace Oslo.Config;

/// <summary>oslo's <c>types.MultiString</c>: the item type of <see cref="MultiStrOpt"/> (sample type name <c>multi valued</c>).</summary>
public sealed class MultiStringType : StringType
{
    /// <inheritdoc/>
    public override string TypeName => "multi valued";

    /// <inheritdoc/>
    public override string ToString() => "MultiString";
}