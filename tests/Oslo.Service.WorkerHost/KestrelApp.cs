using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Sockets;
using Oslo.Service.Supervision;

namespace Oslo.Service.WorkerHost;

/// <summary>
/// An ASP.NET Core app run as N workers sharing one port: the listening socket is bound once in the parent and
/// each worker's Kestrel listens on the inherited descriptor.
/// </summary>
internal static class KestrelApp
{
    public static Func<IHost> CreateFactory(ConfigOpts conf, int port)
    {
        Socket listener = InheritedSockets.BindOrInherit("workerhost-http", () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(512);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parent-bound port={((IPEndPoint)socket.LocalEndPoint!).Port} pid={Environment.ProcessId}"));
            return socket;
        });
        ulong handle = (ulong)listener.SafeHandle.DangerousGetHandle();
        return () =>
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(options => options.ListenHandle(handle));
            WebApplication app = builder.Build();
            app.MapGet("/", () => string.Create(CultureInfo.InvariantCulture,
                $"pid={Environment.ProcessId} id={WorkerContext.Current?.WorkerId ?? -1} greeting={conf.GetValue<string>("greeting", "workerhost")}\n"));
            app.Lifetime.ApplicationStarted.Register(() => Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"worker-ready svc=0 id={WorkerContext.Current?.WorkerId ?? -1} pid={Environment.ProcessId}")));
            return app;
        };
    }
}
