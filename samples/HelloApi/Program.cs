// HelloApi: an API service in the shape OpenStack services have.
//   dotnet run --project samples/HelloApi -- --config-file samples/HelloApi/hello.conf
//   curl http://127.0.0.1:8080/
// Edit greeting in hello.conf, then kill -HUP <parent pid> (workers are replaced one by one, no request fails);
// kill -TERM <parent pid> stops gracefully.
using HelloApi;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Backdoor;
using Oslo.Service.Launching;
using Oslo.Service.Logging;
using Oslo.Service.Wsgi;
using Oslo.Service.Wsgi.Paste;
using Oslo.Service.Wsgi.Ssl;

// AddOsloConsole: AddSimpleConsole's single-line format, written in batches so that the access log line of every
// request costs little (docs/operations.md, "Access log cost").
using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Information)
    .AddOsloConsole());
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();

var conf = new ConfigOpts(loggerFactory);
conf.RegisterCliOpts(HelloOptions.All);
WsgiOptions.RegisterOpts(conf);
SslOptions.RegisterOpts(conf);
conf.ParseOrExit(args, project: "hello", prog: "hello-api");

try
{
    return await RunAsync();
}
catch (OsloStartupException e)
{
    // A bad config or paste file, certificate, backdoor option, or a port in use: one clear line and exit 1, not a
    // stack trace and an abort. Every "cannot start" error of the libraries derives from OsloStartupException.
    loggerFactory.CreateLogger("hello-api").LogCritical("Cannot start: {Reason}", e.Message);
    return 1;
}

async Task<int> RunAsync()
{
    var counter = new RequestCounter();
    var services = new ServiceCollection().AddSingleton(counter).BuildServiceProvider();
    var app = new Loader(conf, services, loggerFactory).LoadApp("main");

    var server = new Server(conf, "hello-api", app, new ServerOptions
    {
        Host = conf.Get(HelloOptions.BindHost) ?? "127.0.0.1",
        Port = conf.Get(HelloOptions.BindPort),
        UseSsl = SslUtils.IsEnabled(conf) is not null,
    }, loggerFactory);
    // Bound here, in the parent: every worker inherits this socket and accepts from the same queue.
    server.Bind();

    var service = new HelloApiService(conf, server, counter, loggerFactory);
    Launcher launcher = Launcher.Launch(conf, service, conf.Get(HelloOptions.Workers), RestartMethod.Reload, loggerFactory);

    // The debug console, started in each process when backdoor_port or backdoor_socket is set (see docs/backdoor.md).
    launcher.UseBackdoor();
    return await launcher.WaitAsync();
}
