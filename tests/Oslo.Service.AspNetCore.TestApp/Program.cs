// TESTAPP_KIND: "web" (default) an ASP.NET Core app with UseOsloWorkers; "background" a HostApplicationBuilder app
// with a BackgroundService; "hostbuilder" the same through IHostBuilder; "manual" the pre-UseOsloWorkers way (a
// Func<IHost> given to Launcher.Launch, each worker binding UseUrls itself).
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

using Oslo.Config;
using Oslo.Service.Hosting;
using Oslo.Service.Launching;

string kind = Environment.GetEnvironmentVariable("TESTAPP_KIND") ?? "web";
switch (kind)
{
    case "background":
    {
        HostApplicationBuilder hostBuilder = Host.CreateApplicationBuilder(args);
        hostBuilder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        hostBuilder.UseOsloWorkers();
        hostBuilder.Services.AddHostedService<Ticker>();
        hostBuilder.Build().Run();
        return;
    }

    case "hostbuilder":
        Host.CreateDefaultBuilder(args)
            .ConfigureLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true))
            .UseOsloWorkers()
            .ConfigureServices(services => services.AddHostedService<Ticker>())
            .Build()
            .Run();
        return;

    case "manual":
    {
        var conf = new ConfigOpts();
        conf.ParseOrExit([], prog: "testapp");
        static IHost BuildApp()
        {
            WebApplicationBuilder manual = WebApplication.CreateSlimBuilder();
            manual.WebHost.UseUrls(Environment.GetEnvironmentVariable("TESTAPP_URL")!);
            manual.Services.UseOsloServiceLifetime();
            WebApplication built = manual.Build();
            built.MapGet("/", () => "manual");
            return built;
        }

        Launcher launcher = Launcher.Launch(conf, (Func<IHost>)BuildApp, 3, RestartMethod.Reload);
        Environment.ExitCode = await launcher.WaitAsync();
        return;
    }
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.UseOsloWorkers();
builder.Services.AddHealthChecks().AddCheck("config", () =>
    builder.Configuration["Health"] == "Unhealthy" ? HealthCheckResult.Unhealthy("configured") : HealthCheckResult.Healthy());

var app = builder.Build();
app.MapGet("/", (IConfiguration configuration, IWorkerInfo worker) =>
    $"{configuration["Greeting"]} worker={worker.WorkerId} count={worker.WorkerCount} pid={Environment.ProcessId}\n");
app.MapGet("/slow", async () =>
{
    await Task.Delay(TimeSpan.FromSeconds(5));
    return "slow done\n";
});
// The drain tests probe this: 503 from the first phase of a SIGTERM (drain_delay) on.
app.MapHealthChecks("/healthz");
// The retiring-worker drain test asks every process for its readiness: the answer names the pid that gave it.
app.MapHealthChecks("/readyz", new HealthCheckOptions
{
    ResponseWriter = (context, report) => context.Response.WriteAsync($"{report.Status} pid={Environment.ProcessId}\n"),
});
// The memory budget tests read what the GC was given.
app.MapGet("/gc", () => $"available={GC.GetGCMemoryInfo().TotalAvailableMemoryBytes} limit={Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit")} heaps={Environment.GetEnvironmentVariable("DOTNET_GCHeapCount")} pid={Environment.ProcessId}\n");
// The connection balance test reads each worker's processor count (worker_processor_count's share).
app.MapGet("/cpus", () => $"cpus={Environment.ProcessorCount} pid={Environment.ProcessId}\n");
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"testapp started pid={Environment.ProcessId}"));
app.Run();

/// <summary>A BackgroundService that says when it runs and when it stops.</summary>
internal sealed class Ticker(IWorkerInfo worker) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Console.WriteLine($"background running worker={worker.WorkerId} pid={Environment.ProcessId}");
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"background stopped worker={worker.WorkerId} pid={Environment.ProcessId}");
        }
    }
}
