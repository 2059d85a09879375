// An ASP.NET Core app run as N workers sharing one port, with zero-downtime SIGHUP reload:
//
//   dotnet run --project samples/WorkersHost -- --config-file samples/WorkersHost/workers.conf
//   curl http://127.0.0.1:8080/            # answered by one of the 4 workers
//   kill -HUP <parent pid>                 # rolling, readiness-gated replacement: no request fails
//   kill -TTIN <parent pid>                # one worker more; -TTOU one less
//   kill -TERM <parent pid>                # graceful stop of every worker
//
// The parent binds the listening socket once (InheritedSockets.BindOrInherit) and re-executes this program as each
// worker; in a worker the same call returns the inherited socket, and Kestrel listens on its descriptor.
using System.Net;
using System.Net.Sockets;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Sockets;
using Oslo.Service.Supervision;

var conf = new ConfigOpts();
var group = new OptGroup("workershost");
conf.RegisterCliOpt(new IntOpt("workers", @default: 4, min: 1, help: "How many worker processes run the app."));
conf.RegisterOpts(
[
    new StrOpt("bind_host", @default: "127.0.0.1", help: "Address to listen on."),
    new PortOpt("bind_port", @default: 8080, help: "Port to listen on."),
    new StrOpt("greeting", @default: "hello", mutable: true, help: "What the app answers."),
], group);
conf.ParseOrExit(args, prog: "workershost");

string host = conf.GetValue<string>("bind_host", "workershost") ?? "127.0.0.1";
int port = conf.GetValue<int?>("bind_port", "workershost") ?? 8080;
Socket listener = InheritedSockets.BindOrInherit($"workershost-{port}", () =>
{
    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    socket.Bind(new IPEndPoint(IPAddress.Parse(host), port));
    socket.Listen(1024);
    return socket;
});
ulong handle = (ulong)listener.SafeHandle.DangerousGetHandle();

// Built in each worker (and again after each reload of the service); never in the parent.
IHost BuildApp()
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.ConfigureKestrel(options => options.ListenHandle(handle));
    WebApplication app = builder.Build();
    app.MapGet("/", () => $"{conf.GetValue<string>("greeting", "workershost")} from worker {WorkerContext.Current?.WorkerId} (pid {Environment.ProcessId})\n");
    return app;
}

Launcher launcher = Launcher.Launch(conf, (Func<IHost>)BuildApp, conf.GetValue<int?>("workers") ?? 4, RestartMethod.Reload);
int status = await launcher.WaitAsync();
await launcher.DisposeAsync();
return status;
