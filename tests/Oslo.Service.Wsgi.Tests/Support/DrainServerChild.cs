using Microsoft.AspNetCore.Http;

using Oslo.Config;
using Oslo.Service;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;
using Oslo.Service.Wsgi.Health;

namespace Oslo.Service.Wsgi.Tests.Support;

/// <summary>
/// <c>dotnet Oslo.Service.Wsgi.Tests.dll drain-server DELAY WORKERS</c>: a <see cref="Wsgi.Server"/> with
/// <c>/readyz</c>, <c>/</c> and a 4-second <c>/slow</c>, in <c>WORKERS</c> worker processes of a
/// <see cref="ProcessLauncher"/> with <c>[process_launcher] drain_delay = DELAY</c>. Prints "port N" once bound.
/// </summary>
internal static class DrainServerChild
{
    public const string Verb = "drain-server";

    public static async Task<int> RunAsync(string[] args)
    {
        var conf = new ConfigOpts(null, _ => null);
        WsgiOptions.RegisterOpts(conf);
        SslOptions.RegisterOpts(conf);
        DrainOptions.Register(conf);
        ServiceOptions.RegisterServiceOpts(conf);
        conf.Parse([], useEnv: false);
        conf.SetOverride("drain_delay", double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), "process_launcher");
        conf.SetOverride("graceful_shutdown_timeout", 30, null);
        RequestDelegate app = async context =>
        {
            if (context.Request.Path == "/slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(4));
                await context.Response.WriteAsync("slow done");
                return;
            }

            await context.Response.WriteAsync("hello from " + Environment.ProcessId);
        };
        await using var server = new Wsgi.Server(conf, "drain", app, new ServerOptions { Host = "127.0.0.1", Port = 0, Health = new HealthEndpoints() });
        server.Bind();
        Console.WriteLine("port " + server.Port);
        await using var launcher = new ProcessLauncher(conf);
        launcher.LaunchService(server, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        return await launcher.WaitAsync();
    }
}
