using System.Collections;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.List</c>: comma-separated items converted with an item type. An item that fails to convert
/// is re-joined with the next part (so <c>a,b</c> can be one item when the item type wants it), as oslo does.
/// </summary>
/// <typeparam name="TItem">The item value type.</typeparam>
public sealed class ListType<TItem> : ConfigType<IReadOnlyList<TItem>?>
{
    /// <summary>Creates the type.</summary>
    /// <param name="itemType">Item type (default: plain string).</param>
    /// <param name="bounds">Require the value to be enclosed in <c>[...]</c>.</param>
    public ListType(ConfigType<TItem>? itemType = null, bool bounds = false)
    {
        ItemType = itemType ?? (ConfigType<TItem>)(object)new StringType();
        Bounds = bounds;
    }

    /// <inheritdoc/>
    public override string TypeName => "list value";

    /// <summary>The type of each item.</summary>
    public ConfigType<TItem> ItemType { get; }

    /// <summary>Whether <c>[...]</c> is required.</summary>
    public bool Bounds { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<TItem>? ParseValue(string value)
    {
        string s = value.Trim().TrimEnd(',');
        if (Bounds)
        {
            if (!s.StartsWith('['))
            {
                throw new ConfigValueException("Value should start with \"[\"");
            }

            if (!s.EndsWith(']'))
            {
                throw new ConfigValueException("Value should end with \"]\"");
            }

            s = s[1..^1];
        }

        var result = new List<TItem>();
        if (s.Length == 0)
        {
            return result;
        }

        var parts = new Queue<string>(s.Split(','));
        while (parts.Count > 0)
        {
            string item = parts.Dequeue();
            while (true)
            {
                try
                {
                    result.Add(ItemType.ParseValue(item.Trim()));
                    break;
                }
                catch (ConfigValueException)
                {
                    // oslo means to raise the first error but resets it on every attempt: the error is the one
                    // of the last attempt, the whole re-joined rest ('a,b', not 'a').
                    if (parts.Count == 0)
                    {
                        throw;
                    }

                    item += "," + parts.Dequeue();
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TItem>? ConvertValue(object? value) => value switch
    {
        null => null,
        string s => ParseValue(s),
        IEnumerable items => Map(items),
        _ => ParseValue(PyRepr.Display(value)),
    };

    /// <inheritdoc/>
    public override IReadOnlyList<TItem>? CheckValue(IReadOnlyList<TItem>? value) => value is null ? null : Map(value);

    /// <inheritdoc/>
    public override string FormatValue(IReadOnlyList<TItem>? value)
    {
        string joined = value is null ? "" : string.Join(",", value.Select(v => ItemType.FormatValue(v)));
        return Bounds ? "[" + joined + "]" : joined;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> FormatDefaults(object? defaultValue, string? sampleDefault = null)
    {
        if (sampleDefault is not null)
        {
            return [sampleDefault];
        }

        return defaultValue is null ? [NoneDefault] : [FormatValue(ConvertValue(defaultValue))];
    }

    /// <inheritdoc/>
    public override string ToString() => "List of " + ItemType;

    private List<TItem> Map(IEnumerable items)
    {
        var result = new List<TItem>();
        foreach (object? item in items)
        {
            result.Add(ItemType.ConvertValue(item));
        }

        return result;
    }
}
