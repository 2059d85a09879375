using System.Globalization;

using Oslo.Config;

namespace Oslo.Service.Coordination;

/// <summary>
/// A parsed tooz <c>backend_url</c>. Parsed here rather than by each client because tooz URLs are not the clients'
/// own formats (Npgsql takes key=value pairs, StackExchange.Redis <c>host:port,password=…</c>, etcd a plain URL).
/// </summary>
public sealed record BackendUrl
{
    private BackendUrl(BackendKind kind, Uri uri, IReadOnlyDictionary<string, string> parameters)
    {
        Kind = kind;
        Uri = uri;
        Parameters = parameters;
    }

    /// <summary>The store.</summary>
    public BackendKind Kind { get; }

    /// <summary>The URL as given.</summary>
    public Uri Uri { get; }

    /// <summary>The query parameters (tooz's driver options, such as <c>timeout</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>tooz's <c>timeout</c> parameter, in seconds, when given.</summary>
    public TimeSpan? Timeout => Parameters.TryGetValue("timeout", out string? value)
        && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>The user name and password of the URL's user-info part, unescaped.</summary>
    internal (string? User, string? Password) Credentials
    {
        get
        {
            if (string.IsNullOrEmpty(Uri.UserInfo))
            {
                return (null, null);
            }

            int colon = Uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? (Uri.UnescapeDataString(Uri.UserInfo), null)
                : (NullIfEmpty(Uri.UnescapeDataString(Uri.UserInfo[..colon])), Uri.UnescapeDataString(Uri.UserInfo[(colon + 1)..]));
        }
    }

    /// <summary>The URL with its password masked, for logs and errors.</summary>
    public override string ToString() => Credentials.Password is null
        ? Uri.ToString()
        : new UriBuilder(Uri) { Password = "****" }.Uri.ToString();

    /// <summary>Parses a tooz <c>backend_url</c>.</summary>
    /// <param name="value">The URL.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="OsloStartupException">The URL is malformed or names a store this library does not support.</exception>
    public static BackendUrl Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new OsloStartupException($"[coordination] backend_url: expected a URL such as postgresql://user@host:5432/db, found '{Mask(value)}'.");
        }

        BackendKind kind = uri.Scheme switch
        {
            "postgresql" or "postgres" => BackendKind.PostgreSql,
            "redis" => BackendKind.Redis,
            "etcd3+http" or "etcd3+https" => BackendKind.Etcd,
            _ => throw new OsloStartupException(
                $"[coordination] backend_url: the scheme '{uri.Scheme}' is not supported; use postgresql://, redis:// or etcd3+http:// " +
                "(tooz's zookeeper, memcached and file drivers have no .NET counterpart here)."),
        };
        return new BackendUrl(kind, uri, ParseQuery(uri.Query));
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            parameters[name] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }

        return parameters;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Mask(string value)
    {
        int at = value.IndexOf('@', StringComparison.Ordinal);
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? string.Concat(value.AsSpan(0, scheme + 3), "****", value.AsSpan(at)) : value;
    }
}
