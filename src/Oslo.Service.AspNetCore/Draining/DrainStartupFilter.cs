using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Oslo.Service.AspNetCore;

/// <summary>First in the app's pipeline: while the worker drains, every HTTP/1.x response closes its connection.</summary>
internal sealed class DrainStartupFilter(KestrelDrain drain) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            // Only requests that begin during the drain: one in flight when it begins answers within it, and its
            // client's next request on that connection then arrives during the drain too (Kestrel's stop marks
            // connections whose request outlives the drain). Nothing per request otherwise.
            if (drain.Draining)
            {
                CloseAfterResponse(context);
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    private static void CloseAfterResponse(HttpContext context)
    {
        // "Connection: close" is HTTP/1.x; HTTP/2 connections get GOAWAY from Kestrel's stop.
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }
}
