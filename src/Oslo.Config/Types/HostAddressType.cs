namespace Oslo.Config;

/// <summary>oslo's <c>types.HostAddress</c>: an IP address (of the given version) or else a host name.</summary>
public sealed class HostAddressType : ConfigType<string?>
{
    private readonly IPAddressType _ip;
    private readonly HostnameType _hostname = new();

    /// <summary>Creates the type.</summary>
    /// <param name="version">IP version accepted: 4, 6 or null for either.</param>
    public HostAddressType(int? version = null) => _ip = new IPAddressType(version);

    /// <inheritdoc/>
    public override string TypeName => "host address value";

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
                return _hostname.ParseValue(value);
            }
            catch (ConfigValueException)
            {
                throw new ConfigValueException($"{value} is not a valid host address");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "HostAddress";
}
