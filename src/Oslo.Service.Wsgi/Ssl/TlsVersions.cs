using System.Security.Authentication;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>
/// Maps oslo's <c>[ssl] version</c> names (case-insensitive, as oslo lowercases them) to <see cref="SslProtocols"/>.
/// </summary>
/// <remarks>
/// Unset and <c>SSLv23</c> (OpenSSL's "negotiate the best") mean TLS 1.2 or 1.3: TLS 1.2 is the floor. <c>TLSv1_2</c>
/// and <c>TLSv1_3</c> pin one version. <c>TLSv1</c> and <c>TLSv1_1</c> are deprecated (RFC 8996) and refused unless
/// explicitly allowed; <c>SSLv2</c> and <c>SSLv3</c> do not exist in .NET and are always refused.
/// </remarks>
internal static class TlsVersions
{
    internal const SslProtocols Default = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static SslProtocols Parse(string? version, bool allowLegacy)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return Default;
        }

        string name = version.Trim().ToLowerInvariant();
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 only when the operator explicitly allows them (oslo accepts them).
        return name switch
        {
            "sslv23" or "tls" => Default,
            "tlsv1_2" => SslProtocols.Tls12,
            "tlsv1_3" => SslProtocols.Tls13,
            "tlsv1" or "tlsv1_1" when allowLegacy => name == "tlsv1" ? SslProtocols.Tls : SslProtocols.Tls11,
            "tlsv1" or "tlsv1_1" => throw new SslConfigurationException(
                $"SSL version {version} is refused: TLS 1.0 and 1.1 are deprecated (RFC 8996). Use TLSv1_2, TLSv1_3 or "
                + "SSLv23 (TLS 1.2 or newer), or allow legacy versions explicitly (TlsPolicy.AllowLegacyVersions)."),
            "sslv2" or "sslv3" => throw new SslConfigurationException(
                $"SSL version {version} is refused: SSLv2 and SSLv3 are broken and not supported by .NET. Use TLSv1_2, TLSv1_3 or SSLv23."),
            _ => throw new SslConfigurationException(
                $"Invalid SSL version : {version} (valid: SSLv23, TLSv1_2, TLSv1_3; TLSv1 and TLSv1_1 only when allowed)"),
        };
#pragma warning restore SYSLIB0039
    }
}
