using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

using Oslo.Service.Wsgi.Paste;

namespace HelloApi;

/// <summary>
/// <c>[filter:request_id]</c>: gives every response an <c>X-Openstack-Request-Id</c> (oslo.middleware's request_id
/// filter, in miniature), keeping one the client sent. The header name comes from the section's <c>header</c>.
/// </summary>
public sealed class RequestIdFilterFactory : IPasteFilterFactory
{
    public Func<RequestDelegate, RequestDelegate> CreateFilter(PasteContext context, IReadOnlyDictionary<string, string> localConf)
    {
        string header = localConf.GetValueOrDefault("header", "X-Openstack-Request-Id");
        return next => http =>
        {
            StringValues given = http.Request.Headers[header];
            http.Response.Headers[header] = StringValues.IsNullOrEmpty(given) ? "req-" + Guid.NewGuid().ToString("D") : given;
            return next(http);
        };
    }
}
