using System.Net.Security;

using Oslo.Service.Wsgi.Ssl;

namespace Oslo.Service.Wsgi.Tests.Ssl;

/// <summary>The OpenSSL cipher-list grammar mapped to IANA suites.</summary>
public sealed class OpenSslCipherListTests
{
    private static readonly TlsCipherSuite[] s_tls13 =
        [TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_AES_128_GCM_SHA256];

    [Fact]
    public void ExplicitNames_InOrder_PlusTls13()
    {
        var suites = OpenSslCipherList.Parse("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384");
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, .. s_tls13], suites);
    }

    [Fact]
    public void Intersection_AndPermanentRemoval()
    {
        var suites = OpenSslCipherList.Parse("ECDHE+AESGCM:!aECDSA:ECDHE-ECDSA-AES128-GCM-SHA256");
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, .. s_tls13], suites);
    }

    [Fact]
    public void MinusRemoves_LaterItemAddsBack_PlusMovesToEnd()
    {
        var suites = OpenSslCipherList.Parse("AESGCM+kRSA:-AES256:AES256-GCM-SHA384,+AES128-GCM-SHA256");
        Assert.Equal([TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, .. s_tls13], suites);
    }

    [Fact]
    public void Tls13NamesGiven_OnlyThoseTls13()
    {
        var suites = OpenSslCipherList.Parse("TLS_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256");
        Assert.Equal([TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256], suites);
    }

    [Fact]
    public void HighWithExclusions_ManySuites()
    {
        var suites = OpenSslCipherList.Parse("HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES:@STRENGTH");
        Assert.True(suites.Count > 20);
        Assert.Contains(TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, suites);
    }

    [Fact]
    public void NothingSelected_Error() =>
        Assert.Contains("selects no cipher suite", Assert.Throws<SslConfigurationException>(() => OpenSslCipherList.Parse("RC4:3DES")).Message, StringComparison.Ordinal);

    [Fact]
    public void UnknownName_Error() =>
        Assert.Contains("'NOPE'", Assert.Throws<SslConfigurationException>(() => OpenSslCipherList.Parse("HIGH:NOPE")).Message, StringComparison.Ordinal);
}
