// A small service process for the backdoor functional tests: one service, the backdoor extension, and a stdout
// transcript ("ready pid=… backdoor=…"). Stops when its standard input closes.
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service;
using Oslo.Service.Backdoor;
using Oslo.Service.Backdoor.Binding;
using Oslo.Service.BackdoorHost;
using Oslo.Service.Extensions;
using Oslo.Service.Launching;

using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Information)
    .AddSimpleConsole(options => options.SingleLine = true));
ILogger logger = loggerFactory.CreateLogger("BackdoorHost");

var conf = new ConfigOpts(loggerFactory);
conf.RegisterOpts(ServiceOptions.EventletBackdoorOpts);
conf.RegisterOpt(new StrOpt("password", secret: true, @default: "hunter2-secret"), "demo");
conf.RegisterOpt(new StrOpt("greeting", @default: "hello"), "demo");
conf.Parse(args);

var services = new Services(RestartMethod.Reload, logger);
var demo = new DemoService();
services.Add(demo);

var extensions = new ProcessExtensions();
if (Environment.GetEnvironmentVariable("BACKDOOR_HOST_NO_CONSOLE") != "1")
{
    extensions.Add(new BackdoorExtension(new BackdoorOptions
    {
        Token = Environment.GetEnvironmentVariable("BACKDOOR_HOST_TOKEN"),
        ProfileDirectory = Environment.GetEnvironmentVariable("BACKDOOR_HOST_PROFILE_DIR"),
    }));
}

var context = new ProcessExtensionContext(conf, loggerFactory, () => services.Items);
try
{
    await extensions.StartAsync(context);
}
catch (BackdoorConfigValueException exception)
{
    Console.Out.WriteLine("error: " + exception.Message);
    return 2;
}

await services.WhenStartedAsync();
Console.Out.WriteLine($"ready pid={Environment.ProcessId} backdoor={context.BackdoorPort ?? "none"} service={demo.BackdoorPort ?? "none"}");
Console.Out.Flush();

while (await Console.In.ReadLineAsync() is { } line)
{
    if (line == "alive")
    {
        Console.Out.WriteLine($"alive ticks={demo.Ticks}");
    }
}

await extensions.StopAsync(logger);
await services.StopAsync();
Console.Out.WriteLine("stopped");
return 0;