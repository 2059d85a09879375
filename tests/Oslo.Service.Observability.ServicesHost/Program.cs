using System.Globalization;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Logging;
using Oslo.Service.Wsgi;

// Two services in one ProcessLauncher, as an OpenStack service with an API and a second listener would launch them:
// [services] port_a with workers_a workers (service 0), port_b with workers_b workers (service 1). Every GET answers
// "<service> <pid>". [metrics] and [control] come from the same config file.
using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Information).AddOsloConsole());
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();
var conf = new ConfigOpts(loggerFactory);
var group = new OptGroup("services");
IntOpt portA = new("port_a", @default: 0), portB = new("port_b", @default: 0);
IntOpt workersA = new("workers_a", @default: 2, min: 1), workersB = new("workers_b", @default: 2, min: 1);
// A pause between launching service 0 and binding service 1's socket: the window in which service 0's workers
// used to be spawned without that socket (and bound the port themselves).
IntOpt pause = new("pause_before_second_bind_ms", @default: 0, min: 0);
conf.RegisterOpts([portA, portB, workersA, workersB, pause], group);
WsgiOptions.RegisterOpts(conf);
conf.ParseOrExit(args, project: "services", prog: "services-host");

var launcher = new ProcessLauncher(conf, RestartMethod.Reload, loggerFactory);
launcher.LaunchService(Bound("a", conf.Get(portA, group)), conf.Get(workersA, group));
if (!launcher.IsWorker && conf.Get(pause, group) is > 0 and int milliseconds)
{
    Thread.Sleep(milliseconds);
}

launcher.LaunchService(Bound("b", conf.Get(portB, group)), conf.Get(workersB, group));
return await launcher.WaitAsync();

// Bound in the parent: the workers of each service inherit its listening socket.
Server Bound(string name, int port)
{
    var server = new Server(conf, name, (RequestDelegate)(context => context.Response.WriteAsync(
        string.Create(CultureInfo.InvariantCulture, $"{name} {Environment.ProcessId}"))), new ServerOptions { Host = "127.0.0.1", Port = port }, loggerFactory);
    server.Bind();
    return server;
}
