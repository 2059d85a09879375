// Functional-test host: started by Oslo.Service.FunctionalTests as a real child process, driven by real signals.
// Behaviour knobs come from the environment (TESTHOST_*); oslo options from --config-file.
using System.Globalization;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Hosting;
using Oslo.Service.Launching;
using Oslo.Service.TestHost;

Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"testhost pid={Environment.ProcessId} pgid={Native.GetPgrp()}"));

var conf = new ConfigOpts();
conf.RegisterOpt(new StrOpt("greeting", @default: "hello", mutable: true), "testhost");
conf.ParseOrExit(args, prog: "testhost");

Knobs knobs = Knobs.FromEnvironment();
RestartMethod restartMethod = RestartMethods.Parse(knobs.RestartMethod);

if (knobs.Kind == "inside-host")
{
    // Way 2 of the interop: oslo services inside a Generic Host app, with oslo's signal semantics.
    HostApplicationBuilder builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
    builder.Services.AddOsloLauncher(conf, restartMethod);
    builder.Services.AddOsloService(new TestService(conf, knobs, "inside"));
    using IHost app = builder.Build();
    await app.RunAsync();
    Console.Out.WriteLine($"testhost exit status={Environment.ExitCode}");
    return Environment.ExitCode;
}

Launcher launcher = knobs.Kind switch
{
    "hosted" => Launcher.Launch(conf, new GreetingBackgroundService(conf), workers: 1, restartMethod),
    "host" => Launcher.Launch(conf, () =>
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.UseOsloServiceLifetime();
        builder.Services.AddSingleton(conf);
        builder.Services.AddHostedService<GreetingBackgroundService>();
        return builder.Build();
    }, workers: 1, restartMethod),
    _ => Launcher.Launch(conf, new TestService(conf, knobs, "svc"), workers: 1, restartMethod),
};
if (Environment.GetEnvironmentVariable("TESTHOST_SPAWN_CHILD") == "1")
{
    // A child started after the launcher exists must not inherit NOTIFY_SOCKET.
    using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", "echo \"child notify=[$NOTIFY_SOCKET]\""]) { RedirectStandardOutput = true })!;
    Console.Out.WriteLine(await child.StandardOutput.ReadToEndAsync());
    await child.WaitForExitAsync();
}

int status = await launcher.WaitAsync();
Console.Out.WriteLine($"testhost exit status={status}");
await launcher.DisposeAsync();
return status;
