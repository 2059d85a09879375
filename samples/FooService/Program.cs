// FooService: the seed's example made real.
//   dotnet run --project samples/FooService -- --config-file samples/FooService/foo.conf
// Then, from another terminal: kill -HUP <pid> (edit debug in foo.conf first), kill -TERM <pid>, or Ctrl-C.
using FooService;

using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Logging;

var levelSwitch = new LogLevelSwitch();
using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Trace)
    .AddFilter((_, _, level) => levelSwitch.IsEnabled(level))
    .AddOsloConsole());

// The console logger writes from a queue; flush it when the launcher exits at once (SIGINT, graceful timeout).
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();

var conf = new ConfigOpts(loggerFactory);
conf.RegisterCliOpts(FooOptions.All);
Oslo.Service.Coordination.CoordinationOptions.RegisterOpts(conf);
conf.ParseOrExit(args, project: "foo", prog: "foo-service");
FooService.FooService.ApplyLogging(conf, levelSwitch);

var service = new FooService.FooService(conf, levelSwitch, loggerFactory);
try
{
    Launcher launcher = Launcher.Launch(conf, service, conf.Get(FooOptions.Workers), RestartMethod.Reload, loggerFactory);
    return await launcher.WaitAsync();
}
catch (NotSupportedException exception)
{
    loggerFactory.CreateLogger("FooService").LogError("{Reason}", exception.Message);
    return 2;
}
