using Microsoft.AspNetCore.Http;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// paste's <c>urlmap</c> composite: sends a request to the app whose URL prefix matches, longest prefix first; the
/// prefix moves from <c>Path</c> to <c>PathBase</c> (paste moves it from PATH_INFO to SCRIPT_NAME). No match: 404.
/// </summary>
internal static class UrlMap
{
    public static RequestDelegate Create(IEnumerable<KeyValuePair<string, RequestDelegate>> map)
    {
        var entries = map
            .Select(kv => (Prefix: Normalize(kv.Key), App: kv.Value))
            .OrderByDescending(e => e.Prefix.Length)
            .ToArray();
        return context =>
        {
            string path = context.Request.Path.Value ?? "";
            foreach (var (prefix, app) in entries)
            {
                if (prefix.Length == 0)
                {
                    return app(context);
                }

                if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
                {
                    context.Request.PathBase = context.Request.PathBase.Add(new PathString(prefix));
                    context.Request.Path = new PathString(path[prefix.Length..]);
                    return app(context);
                }
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        };
    }

    private static string Normalize(string prefix) => prefix.TrimEnd('/');
}
