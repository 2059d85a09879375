using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

using Oslo.Service.Hosting;
using Oslo.Service.Wsgi.Paste;

namespace HelloApi;

/// <summary>
/// <c>[app:hello]</c>: <c>GET /</c> answers "GREETING from pid PID, worker ID". The greeting is read again whenever
/// the configuration is reloaded or mutated (SIGHUP), not at every request.
/// </summary>
public sealed class HelloAppFactory : IPasteAppFactory
{
    public RequestDelegate CreateApp(PasteContext context, IReadOnlyDictionary<string, string> localConf)
    {
        var conf = context.Conf;
        var counter = context.Services?.GetService<RequestCounter>() ?? new RequestCounter();
        string greeting = conf.Get(HelloOptions.Greeting) ?? "hello";
        ChangeToken.OnChange(conf.GetReloadToken, () => Volatile.Write(ref greeting, conf.Get(HelloOptions.Greeting) ?? "hello"));
        return async http =>
        {
            counter.Increment();
            if (http.Request.Path != "/")
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            int worker = Math.Max(IWorkerInfo.Current.WorkerId, 0);
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{Volatile.Read(ref greeting)} from pid {Environment.ProcessId}, worker {worker}\n");
        };
    }
}
