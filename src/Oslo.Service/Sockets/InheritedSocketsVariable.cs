using System.Globalization;
using System.Text;

namespace Oslo.Service.Sockets;

/// <summary>
/// The environment variable that tells a worker which inherited descriptor is which socket:
/// <c>OSLO_SERVICE_SOCKETS=key1=5,key2=6</c>, keys percent-encoded so any string is a valid key.
/// </summary>
internal static class InheritedSocketsVariable
{
    /// <summary>The variable's name.</summary>
    internal const string Name = "OSLO_SERVICE_SOCKETS";

    /// <summary>Formats keys and descriptor numbers.</summary>
    internal static string Format(IEnumerable<KeyValuePair<string, int>> sockets)
    {
        var builder = new StringBuilder();
        foreach ((string key, int fd) in sockets)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(fd.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>Parses what <see cref="Format"/> wrote.</summary>
    /// <exception cref="FormatException">When an entry is not <c>key=fd</c>.</exception>
    internal static IReadOnlyDictionary<string, int> Parse(string? value)
    {
        var sockets = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value))
        {
            return sockets;
        }

        foreach (string entry in value.Split(','))
        {
            int equals = entry.LastIndexOf('=');
            if (equals <= 0 || !int.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
            {
                throw new FormatException($"{Name}: expected 'key=fd' entries separated by ',', found '{entry}' in '{value}'.");
            }

            sockets[Uri.UnescapeDataString(entry[..equals])] = fd;
        }

        return sockets;
    }
}
