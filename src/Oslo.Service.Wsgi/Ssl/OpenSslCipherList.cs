using System.Net.Security;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>
/// Translates an OpenSSL cipher list (<c>[ssl] ciphers</c>, what Python's <c>set_ciphers</c> takes) into the IANA
/// <see cref="TlsCipherSuite"/> values .NET's <see cref="CipherSuitesPolicy"/> takes (Linux and macOS only).
/// </summary>
/// <remarks>
/// Follows OpenSSL's list grammar: items separated by <c>:</c>, <c>,</c> or spaces; <c>A+B</c> is the intersection;
/// a leading <c>!</c> removes for good, <c>-</c> removes (a later item may add back), <c>+</c> moves to the end;
/// <c>@STRENGTH</c> and <c>@SECLEVEL=n</c> are accepted and ignored. Names are OpenSSL's names and keywords; the
/// table holds the TLS 1.2 suites a modern OpenSSL still offers (AES-GCM, ChaCha20, AES-CBC with ECDHE/DHE/RSA).
/// Keywords for what no modern build offers (<c>aNULL</c>, <c>RC4</c>, <c>3DES</c>, <c>EXPORT</c>, ...) match nothing.
/// As in Python, the list does not restrict TLS 1.3, unless it names TLS 1.3 suites (<c>TLS_AES_128_GCM_SHA256</c>).
/// An unknown name is an error, not silently ignored.
/// </remarks>
internal static class OpenSslCipherList
{
    private sealed record Suite(string Name, TlsCipherSuite Iana, string[] Tags);

    private static readonly Suite[] s_tls12 =
    [
        S("ECDHE-ECDSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "kECDHE aECDSA AESGCM AES256 SHA384 AEAD TLSv1.2"),
        S("ECDHE-RSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "kECDHE aRSA AESGCM AES256 SHA384 AEAD TLSv1.2"),
        S("DHE-RSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "kDHE aRSA AESGCM AES256 SHA384 AEAD TLSv1.2"),
        S("ECDHE-ECDSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "kECDHE aECDSA CHACHA20 SHA256 AEAD TLSv1.2"),
        S("ECDHE-RSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "kECDHE aRSA CHACHA20 SHA256 AEAD TLSv1.2"),
        S("DHE-RSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "kDHE aRSA CHACHA20 SHA256 AEAD TLSv1.2"),
        S("ECDHE-ECDSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "kECDHE aECDSA AESGCM AES128 SHA256 AEAD TLSv1.2"),
        S("ECDHE-RSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "kECDHE aRSA AESGCM AES128 SHA256 AEAD TLSv1.2"),
        S("DHE-RSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, "kDHE aRSA AESGCM AES128 SHA256 AEAD TLSv1.2"),
        S("ECDHE-ECDSA-AES256-SHA384", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, "kECDHE aECDSA AES256 SHA384 TLSv1.2"),
        S("ECDHE-RSA-AES256-SHA384", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "kECDHE aRSA AES256 SHA384 TLSv1.2"),
        S("DHE-RSA-AES256-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, "kDHE aRSA AES256 SHA256 TLSv1.2"),
        S("ECDHE-ECDSA-AES128-SHA256", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, "kECDHE aECDSA AES128 SHA256 TLSv1.2"),
        S("ECDHE-RSA-AES128-SHA256", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "kECDHE aRSA AES128 SHA256 TLSv1.2"),
        S("DHE-RSA-AES128-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, "kDHE aRSA AES128 SHA256 TLSv1.2"),
        S("ECDHE-ECDSA-AES256-SHA", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "kECDHE aECDSA AES256 SHA1 SSLv3 TLSv1"),
        S("ECDHE-RSA-AES256-SHA", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "kECDHE aRSA AES256 SHA1 SSLv3 TLSv1"),
        S("DHE-RSA-AES256-SHA", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA, "kDHE aRSA AES256 SHA1 SSLv3 TLSv1"),
        S("ECDHE-ECDSA-AES128-SHA", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, "kECDHE aECDSA AES128 SHA1 SSLv3 TLSv1"),
        S("ECDHE-RSA-AES128-SHA", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "kECDHE aRSA AES128 SHA1 SSLv3 TLSv1"),
        S("DHE-RSA-AES128-SHA", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, "kDHE aRSA AES128 SHA1 SSLv3 TLSv1"),
        S("AES256-GCM-SHA384", TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384, "kRSA aRSA AESGCM AES256 SHA384 AEAD TLSv1.2"),
        S("AES128-GCM-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, "kRSA aRSA AESGCM AES128 SHA256 AEAD TLSv1.2"),
        S("AES256-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256, "kRSA aRSA AES256 SHA256 TLSv1.2"),
        S("AES128-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256, "kRSA aRSA AES128 SHA256 TLSv1.2"),
        S("AES256-SHA", TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, "kRSA aRSA AES256 SHA1 SSLv3 TLSv1"),
        S("AES128-SHA", TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, "kRSA aRSA AES128 SHA1 SSLv3 TLSv1"),
    ];

    private static readonly Suite[] s_tls13 =
    [
        S("TLS_AES_256_GCM_SHA384", TlsCipherSuite.TLS_AES_256_GCM_SHA384, "TLSv1.3"),
        S("TLS_CHACHA20_POLY1305_SHA256", TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256, "TLSv1.3"),
        S("TLS_AES_128_GCM_SHA256", TlsCipherSuite.TLS_AES_128_GCM_SHA256, "TLSv1.3"),
    ];

    // OpenSSL keyword → tag of the table (or null: matches every TLS 1.2 suite of the table).
    private static readonly Dictionary<string, string?> s_aliases = new(StringComparer.Ordinal)
    {
        ["ALL"] = null,
        ["DEFAULT"] = null,
        ["HIGH"] = null,
        ["kEECDH"] = "kECDHE",
        ["ECDHE"] = "kECDHE",
        ["EECDH"] = "kECDHE",
        ["kEDH"] = "kDHE",
        ["DHE"] = "kDHE",
        ["EDH"] = "kDHE",
        ["RSA"] = "kRSA",
        ["ECDSA"] = "aECDSA",
        ["AES"] = "AES",
        ["SHA"] = "SHA1",
        ["CHACHA20"] = "CHACHA20",
        ["TLSv1.0"] = "TLSv1",
    };

    // Keywords OpenSSL knows that match nothing a modern build offers: accepted, empty.
    private static readonly HashSet<string> s_empty = new(StringComparer.Ordinal)
    {
        "aNULL", "eNULL", "NULL", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT", "MD5", "RC4", "3DES", "DES", "EXPORT",
        "EXP", "LOW", "MEDIUM", "PSK", "kPSK", "aPSK", "SRP", "kSRP", "DSS", "aDSS", "CAMELLIA", "ARIA", "SEED", "IDEA",
        "RC2", "ADH", "AECDH", "kECDHEPSK", "kDHEPSK", "kRSAPSK", "SSLv2", "aGOST", "kGOST", "GOST94", "GOST89MAC", "CCM",
        "AESCCM", "AESCCM8", "SUITEB128", "SUITEB192", "SUITEB128ONLY", "DH", "kDH", "ECDH", "kECDH",
    };

    /// <summary>Translates a cipher list.</summary>
    /// <exception cref="SslConfigurationException">An unknown name or keyword, or nothing left to negotiate.</exception>
    public static IReadOnlyList<TlsCipherSuite> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var chosen = new List<Suite>();
        var banned = new HashSet<Suite>();
        bool namesTls13 = false;
        foreach (string raw in list.Split([':', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith('@'))
            {
                continue;
            }

            char op = raw[0] is '!' or '-' or '+' ? raw[0] : ' ';
            string expression = op == ' ' ? raw : raw[1..];
            var matched = Match(expression, list);
            namesTls13 |= matched.Any(s => s_tls13.Contains(s));
            switch (op)
            {
                case '!':
                    banned.UnionWith(matched);
                    chosen.RemoveAll(matched.Contains);
                    break;
                case '-':
                    chosen.RemoveAll(matched.Contains);
                    break;
                case '+':
                    var moved = chosen.Where(matched.Contains).ToList();
                    chosen.RemoveAll(matched.Contains);
                    chosen.AddRange(moved);
                    break;
                default:
                    chosen.AddRange(matched.Where(s => !banned.Contains(s) && !chosen.Contains(s)));
                    break;
            }
        }

        if (chosen.Count == 0)
        {
            throw new SslConfigurationException($"[ssl] ciphers \"{list}\" selects no cipher suite (OpenSSL: No cipher can be selected)");
        }

        var result = chosen.Select(s => s.Iana).ToList();
        if (!namesTls13)
        {
            result.AddRange(s_tls13.Select(s => s.Iana));
        }

        return result;
    }

    /// <summary>Whether the list leaves at least one TLS 1.2 suite (a TLS 1.2-only server needs one).</summary>
    public static bool HasTls12(IReadOnlyList<TlsCipherSuite> suites) => suites.Any(s => s_tls12.Any(t => t.Iana == s));

    private static List<Suite> Match(string expression, string list)
    {
        IEnumerable<Suite>? result = null;
        foreach (string part in expression.Split('+'))
        {
            var set = MatchOne(part, list);
            result = result is null ? set : result.Intersect(set);
        }

        return result?.ToList() ?? [];
    }

    private static List<Suite> MatchOne(string name, string list)
    {
        if (s_tls12.FirstOrDefault(s => s.Name == name) is { } exact)
        {
            return [exact];
        }

        if (s_tls13.FirstOrDefault(s => s.Name == name) is { } exact13)
        {
            return [exact13];
        }

        if (s_aliases.TryGetValue(name, out string? tag))
        {
            return tag is null ? [.. s_tls12] : [.. s_tls12.Where(s => s.Tags.Contains(tag))];
        }

        if (s_tls12.Any(s => s.Tags.Contains(name)))
        {
            return [.. s_tls12.Where(s => s.Tags.Contains(name))];
        }

        if (s_empty.Contains(name))
        {
            return [];
        }

        throw new SslConfigurationException(
            $"[ssl] ciphers \"{list}\": unknown cipher name or keyword '{name}' (expected OpenSSL names such as "
            + "ECDHE-RSA-AES128-GCM-SHA256 or keywords such as HIGH, ECDHE+AESGCM, !aNULL)");
    }

    private static Suite S(string name, TlsCipherSuite iana, string tags) => new(name, iana, tags.Split(' '));
}
