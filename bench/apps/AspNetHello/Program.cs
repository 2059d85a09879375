// bench/run aspnet's app: `AspNetHello --urls http://127.0.0.1:PORT` with Oslo:Workers=N runs N workers under the
// one line; with --PlainKestrel=true it is the same app in one process, plain Kestrel. Every process that serves
// prints "serving pid=P" once its host has started (the bench's ready_ms counts them). --OsloConsole=true logs
// through AddOsloConsole() instead of Microsoft's console provider.
using Oslo.Service.Hosting;
using Oslo.Service.Logging;

var builder = WebApplication.CreateSlimBuilder(args);
bool plain = string.Equals(builder.Configuration["PlainKestrel"], "true", StringComparison.OrdinalIgnoreCase);
if (string.Equals(builder.Configuration["OsloConsole"], "true", StringComparison.OrdinalIgnoreCase))
{
    // --OsloConsole=true: the batching console provider instead of Microsoft's (docs/operations.md, "Performance").
    builder.Logging.ClearProviders().AddOsloConsole();
}

if (!plain)
{
    builder.UseOsloWorkers();
}

var app = builder.Build();
app.MapGet("/", () => "hello\n");
app.Lifetime.ApplicationStarted.Register(() =>
{
    // The parent under the one line never serves: only the workers (and plain Kestrel) say so.
    if (plain || app.Services.GetService<IWorkerInfo>() is { IsWorker: true })
    {
        Console.Out.WriteLine($"serving pid={Environment.ProcessId}");
        Console.Out.Flush();
    }
});
app.Run();
