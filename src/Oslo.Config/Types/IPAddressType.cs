using System.Net;
using System.Net.Sockets;

namespace Oslo.Config;

/// <summary>
/// oslo's <c>types.IPAddress</c>: strict <c>inet_pton</c> validation (no <c>127.1</c> short forms, no leading
/// zeros), optionally restricted to IPv4 or IPv6. The value stays a string.
/// </summary>
public sealed class IPAddressType : ConfigType<string?>
{
    /// <summary>Creates the type.</summary>
    /// <param name="version">4, 6 or null for either.</param>
    public IPAddressType(int? version = null)
    {
        if (version is not null and not 4 and not 6)
        {
            throw new ArgumentException($"{version} is not a valid IP version", nameof(version));
        }

        Version = version;
    }

    /// <inheritdoc/>
    public override string TypeName => "IP address value";

    /// <summary>4, 6 or null.</summary>
    public int? Version { get; }

    /// <inheritdoc/>
    public override string? ParseValue(string value)
    {
        if (value.Length == 0)
        {
            throw new ConfigValueException("IP address cannot be an empty string");
        }

        bool v4 = IsIPv4(value);
        bool v6 = !v4 && IsIPv6(value);
        switch (Version)
        {
            case 4 when !v4: throw new ConfigValueException($"{value} is not an IPv4 address");
            case 6 when !v6: throw new ConfigValueException($"{value} is not an IPv6 address");
            case null when !v4 && !v6: throw new ConfigValueException($"{value} is not IPv4 or IPv6 address");
            default: return value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "IPAddress";

    internal static bool IsIPv4(string value)
    {
        string[] octets = value.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        foreach (string o in octets)
        {
            if (o.Length is 0 or > 3 || (o.Length > 1 && o[0] == '0') || !o.All(char.IsAsciiDigit) || int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsIPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal)
        && value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(value, out IPAddress? parsed)
        && parsed.AddressFamily == AddressFamily.InterNetworkV6;
}
