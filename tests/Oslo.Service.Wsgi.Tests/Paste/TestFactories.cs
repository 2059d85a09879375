using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Paste;

namespace Oslo.Service.Wsgi.Tests.Paste;

/// <summary>An app answering "TEXT path=… base=…" with its section's <c>text</c> and the global <c>who</c>.</summary>
public sealed class EchoAppFactory : IPasteAppFactory
{
    public RequestDelegate CreateApp(PasteContext context, IReadOnlyDictionary<string, string> localConf)
    {
        string text = localConf.GetValueOrDefault("text", "echo") + context.GlobalConf.GetValueOrDefault("who", "");
        return ctx => ctx.Response.WriteAsync($"{text} path={ctx.Request.Path} base={ctx.Request.PathBase} tags={ctx.Request.Headers["X-Tags"]}");
    }
}

/// <summary>A filter that appends its <c>tag</c> to the X-Tags request header.</summary>
public sealed class TagFilterFactory : IPasteFilterFactory
{
    public Func<RequestDelegate, RequestDelegate> CreateFilter(PasteContext context, IReadOnlyDictionary<string, string> localConf)
    {
        string tag = localConf["tag"];
        return next => ctx =>
        {
            ctx.Request.Headers["X-Tags"] = ctx.Request.Headers["X-Tags"] + tag;
            return next(ctx);
        };
    }
}
