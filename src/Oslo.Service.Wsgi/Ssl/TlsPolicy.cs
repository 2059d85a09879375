namespace Oslo.Service.Wsgi.Ssl;

/// <summary>Choices about TLS that oslo's <c>[ssl]</c> options do not cover; given in code, not in the config file.</summary>
public sealed class TlsPolicy
{
    /// <summary>The default policy: TLS 1.2 floor, 10 s handshake timeout.</summary>
    public static TlsPolicy Default { get; } = new();

    /// <summary>Accept <c>[ssl] version = TLSv1</c> or <c>TLSv1_1</c> (refused by default: RFC 8996). Default false.</summary>
    public bool AllowLegacyVersions { get; init; }

    /// <summary>How long a client may take to finish the handshake (Kestrel's <c>HandshakeTimeout</c>). Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
