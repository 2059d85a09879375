using System.Globalization;

namespace Oslo.Service.Backdoor.Binding;

/// <summary>A parsed <c>backdoor_port</c>: <c>0</c> (Start = End = 0), <c>N</c> (N..N) or <c>start:end</c>.</summary>
/// <param name="Start">The first port to try (0: let the system choose).</param>
/// <param name="End">The last port to try.</param>
public readonly record struct BackdoorPortRange(int Start, int End)
{
    /// <summary>True for a single port (including 0).</summary>
    public bool IsSinglePort => Start == End;

    /// <summary>Parses oslo's forms <c>0</c>, <c>N</c> and <c>start:end</c> (oslo's <c>_parse_port_range</c>).</summary>
    /// <param name="value">The configured value.</param>
    /// <exception cref="BackdoorConfigValueException">The value has none of the accepted forms.</exception>
    public static BackdoorPortRange Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string text = value.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            int port = ParsePort(value, text, allowZero: true);
            return new BackdoorPortRange(port, port);
        }

        int start = ParsePort(value, text[..colon], allowZero: false);
        int end = ParsePort(value, text[(colon + 1)..], allowZero: false);
        if (end < start)
        {
            throw new BackdoorConfigValueException("backdoor_port", value, $"the end of the range ({end}) is lower than its start ({start})");
        }

        return new BackdoorPortRange(start, end);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsSinglePort ? Start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Start}:{End}");

    private static int ParsePort(string value, string part, bool allowZero)
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            throw new BackdoorConfigValueException("backdoor_port", value, $"'{part}' is not a port number");
        }

        if (port > 65535 || (port == 0 && !allowZero))
        {
            throw new BackdoorConfigValueException("backdoor_port", value, $"{port} is outside 1-65535");
        }

        return port;
    }
}
