using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// Prints values readably, as oslo's backdoor pretty-prints them: collections as <c>[a, b]</c>, dictionaries as
/// <c>{k: v}</c>, objects without their own <c>ToString</c> as <c>Type { Property = value, ... }</c>.
/// </summary>
internal static class ValueFormatter
{
    private const int MaxItems = 100;
    private const int MaxDepth = 3;

    internal static string Format(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value, 0);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string text:
                builder.Append(depth == 0 ? text : "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
                return;
            case IFormattable formattable when value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                return;
            case IDictionary dictionary when depth < MaxDepth:
                AppendItems(builder, Entries(dictionary), depth, '{', '}', dictionary.Count);
                return;
            case DictionaryEntry entry:
                Append(builder, entry.Key, depth);
                builder.Append(": ");
                Append(builder, entry.Value, depth);
                return;
            case IEnumerable items when depth < MaxDepth:
                AppendItems(builder, items.Cast<object?>(), depth, '[', ']', (items as ICollection)?.Count);
                return;
        }

        Type type = value.GetType();
        if (depth < MaxDepth && !HasOwnToString(type))
        {
            AppendMembers(builder, value, type, depth);
            return;
        }

        builder.Append(value.ToString());
    }

    // IDictionary's own enumerator yields DictionaryEntry; a generic dictionary's IEnumerable yields KeyValuePair.
    private static IEnumerable<object?> Entries(IDictionary dictionary)
    {
        IDictionaryEnumerator entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return entries.Entry;
        }
    }

    private static void AppendItems(StringBuilder builder, IEnumerable<object?> items, int depth, char open, char close, int? count)
    {
        builder.Append(open);
        int shown = 0;
        foreach (object? item in items)
        {
            if (shown == MaxItems)
            {
                builder.Append(", ...");
                break;
            }

            if (shown > 0)
            {
                builder.Append(", ");
            }

            Append(builder, item, depth + 1);
            shown++;
        }

        builder.Append(close);
        if (count is int total && total > MaxItems)
        {
            builder.Append(CultureInfo.InvariantCulture, $" ({total} items)");
        }
    }

    private static void AppendMembers(StringBuilder builder, object value, Type type, int depth)
    {
        builder.Append(type.Name).Append(" { ");
        bool first = true;
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0).Take(20))
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.Append(property.Name).Append(" = ");
            try
            {
                Append(builder, property.GetValue(value), depth + 1);
            }
            catch (TargetInvocationException exception)
            {
                builder.Append('<').Append(exception.InnerException?.GetType().Name ?? "error").Append('>');
            }
        }

        builder.Append(first ? "}" : " }");
    }

    private static bool HasOwnToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object) && declaring != typeof(ValueType);
}
