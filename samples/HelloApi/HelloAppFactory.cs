using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using Oslo.Service.Supervision;
using Oslo.Service.Wsgi.Paste;

namespace HelloApi;

/// <summary>
/// <c>[app:hello]</c>: <c>GET /</c> answers "GREETING from pid PID, worker ID". The greeting is read at each request,
/// so a SIGHUP (reload or mutate) changes it without a code change.
/// </summary>
public sealed class HelloAppFactory : IPasteAppFactory
{
    public RequestDelegate CreateApp(PasteContext context, IReadOnlyDictionary<string, string> localConf)
    {
        var conf = context.Conf;
        var counter = context.Services?.GetService<RequestCounter>() ?? new RequestCounter();
        return async http =>
        {
            counter.Increment();
            if (http.Request.Path != "/")
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            string greeting = conf.Get(HelloOptions.Greeting) ?? "hello";
            int worker = WorkerContext.Current?.WorkerId ?? 0;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{greeting} from pid {Environment.ProcessId}, worker {worker}\n");
        };
    }
}