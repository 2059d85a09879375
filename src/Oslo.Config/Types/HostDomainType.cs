using System.Text.RegularExpressions;

namespace Oslo.Config;

/// <summary>oslo's <c>types.HostDomain</c>: like <see cref="HostAddressType"/> but labels may contain <c>_</c>.</summary>
public sealed partial class HostDomainType : HostnameType
{
    private readonly IPAddressType _ip;

    /// <summary>Creates the type.</summary>
    /// <param name="version">IP version accepted: 4, 6 or null for either.</param>
    public HostDomainType(int? version = null) => _ip = new IPAddressType(version);

    /// <inheritdoc/>
    public override string TypeName => "host domain value";

    /// <inheritdoc/>
    public override string? ParseValue(string value)
    {
        try
        {
            return _ip.ParseValue(value);
        }
        catch (ConfigValueException)
        {
            try
            {
                return Check(value, DomainLabelRegex());
            }
            catch (ConfigValueException)
            {
                throw new ConfigValueException($"{value} is not a valid host address");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "HostDomain";

    [GeneratedRegex("^(?!-)[A-Z0-9_-]{1,63}(?<!-)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DomainLabelRegex();
}
