using System.Collections;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.Dict</c>: <c>key:value</c> pairs separated by commas, values converted with a value type.
/// Keys keep their insertion order.
/// </summary>
public sealed class DictType : ConfigType<IReadOnlyDictionary<string, string?>?>
{
    /// <summary>Creates the type.</summary>
    /// <param name="valueType">Type of each value (default: plain string).</param>
    /// <param name="bounds">Require the value to be enclosed in <c>{...}</c>.</param>
    /// <param name="keyValueSeparator">Separator between key and value (default <c>:</c>; never <c>,</c>).</param>
    public DictType(StringType? valueType = null, bool bounds = false, string keyValueSeparator = ":")
    {
        if (keyValueSeparator.Length == 0 || keyValueSeparator.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException("key_value_separator should not contain ','", nameof(keyValueSeparator));
        }

        EntryType = valueType ?? new StringType();
        Bounds = bounds;
        KeyValueSeparator = keyValueSeparator;
    }

    /// <inheritdoc/>
    public override string TypeName => "dict value";

    /// <summary>The type of each value.</summary>
    public StringType EntryType { get; }

    /// <summary>Whether <c>{...}</c> is required.</summary>
    public bool Bounds { get; }

    /// <summary>The separator between key and value.</summary>
    public string KeyValueSeparator { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string?>? ParseValue(string value)
    {
        string s = value.Trim();
        if (Bounds)
        {
            if (!s.StartsWith('{'))
            {
                throw new ConfigValueException("Value should start with \"{\"");
            }

            if (!s.EndsWith('}'))
            {
                throw new ConfigValueException("Value should end with \"}\"");
            }

            s = s[1..^1];
        }

        var result = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
        if (s.Length == 0)
        {
            return result;
        }

        var pairs = new Queue<string>(s.Split(','));
        while (pairs.Count > 0)
        {
            string pair = pairs.Dequeue();
            ConfigValueException? firstError = null;
            string key;
            string? converted;
            while (true)
            {
                try
                {
                    int at = pair.IndexOf(KeyValueSeparator, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        throw new ConfigValueException("Value should be NAME:VALUE pairs separated by \",\"");
                    }

                    key = pair[..at].Trim();
                    converted = EntryType.ParseValue(pair[(at + KeyValueSeparator.Length)..].Trim());
                    break;
                }
                catch (ConfigValueException e)
                {
                    firstError ??= e;
                    if (pairs.Count == 0)
                    {
                        throw firstError;
                    }

                    pair += "," + pairs.Dequeue();
                }
            }

            if (key.Length == 0)
            {
                throw new ConfigValueException("Key name should not be empty");
            }

            if (!result.TryAdd(key, converted))
            {
                throw new ConfigValueException($"Duplicate key {key}");
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string?>? ConvertValue(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string s: return ParseValue(s);
            case IEnumerable<KeyValuePair<string, string?>> pairs:
                {
                    var result = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, string?> p in pairs)
                    {
                        result[p.Key] = p.Value is null ? null : EntryType.ParseValue(p.Value);
                    }

                    return result;
                }

            case IDictionary dict:
                {
                    var result = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry e in dict)
                    {
                        result[PyRepr.Display(e.Key)] = e.Value is null ? null : EntryType.ParseValue(PyRepr.Display(e.Value));
                    }

                    return result;
                }

            default: return ParseValue(PyRepr.Display(value));
        }
    }

    /// <inheritdoc/>
    public override string FormatValue(IReadOnlyDictionary<string, string?>? value)
    {
        string joined = value is null
            ? ""
            : string.Join(",", value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + (p.Value ?? "None")));
        return Bounds ? "{" + joined + "}" : joined;
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
    public override string ToString() => "Dict of " + EntryType;
}
