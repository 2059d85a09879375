// A small service process for the backdoor functional tests: one service launched by the real ServiceLauncher with
// the debug console enabled by launcher.UseBackdoor(), and a stdout transcript ("ready pid=… backdoor=…").
// Stops gracefully when its standard input closes; answers "alive" with its service's heartbeat count.
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service;
using Oslo.Service.Backdoor;
using Oslo.Service.Backdoor.Binding;
using Oslo.Service.BackdoorHost;
using Oslo.Service.Launching;

using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Information)
    .AddSimpleConsole(options => options.SingleLine = true));

var conf = new ConfigOpts(loggerFactory);
conf.RegisterOpts(ServiceOptions.EventletBackdoorOpts);
conf.RegisterOpt(new StrOpt("password", secret: true, @default: "hunter2-secret"), "demo");
conf.RegisterOpt(new StrOpt("greeting", @default: "hello"), "demo");
conf.Parse(args);

var demo = new DemoService();
int workers = int.Parse(Environment.GetEnvironmentVariable("BACKDOOR_HOST_WORKERS") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
RestartMethod restartMethod = RestartMethods.Parse(Environment.GetEnvironmentVariable("BACKDOOR_HOST_RESTART_METHOD") ?? "reload");
await using Launcher launcher = Launcher.Launch(conf, demo, workers, restartMethod, loggerFactory);
bool isWorker = launcher is ProcessLauncher { IsWorker: true };
if (Environment.GetEnvironmentVariable("BACKDOOR_HOST_NO_CONSOLE") != "1")
{
    launcher.UseBackdoor(new BackdoorOptions
    {
        Token = Environment.GetEnvironmentVariable("BACKDOOR_HOST_TOKEN"),
        ProfileDirectory = Environment.GetEnvironmentVariable("BACKDOOR_HOST_PROFILE_DIR"),
    });
}

Task<int> run = launcher.WaitAsync();
Task ready = ((ServiceLauncher)launcher).Ready;
if (await Task.WhenAny(run, ready) == run)
{
    try
    {
        return await run;
    }
    catch (BackdoorConfigValueException exception)
    {
        Console.Out.WriteLine("error: " + exception.Message);
        return 2;
    }
}

Console.Out.WriteLine($"{(isWorker ? "worker-ready" : "ready")} pid={Environment.ProcessId} backdoor={launcher.BackdoorPort ?? "none"} service={demo.BackdoorPort ?? "none"}");
Console.Out.Flush();

// Workers are stopped by their parent (SIGTERM), not through standard input.
_ = isWorker ? Task.CompletedTask : Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is { } line)
    {
        if (line == "alive")
        {
            Console.Out.WriteLine($"alive ticks={demo.Ticks}");
        }
    }

    await launcher.StopAsync();
});

int status = await run;
Console.Out.WriteLine("stopped");
return status;
