// An ordinary ASP.NET Core app (dotnet new web) run as N worker processes with one line: builder.UseOsloWorkers().
//
//   dotnet build -c Release samples/WorkersHost
//   cd samples/WorkersHost/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:8080 ./WorkersHost &
//   curl http://127.0.0.1:8080/             # "hello from worker 1 (pid …)": the Greeting in appsettings.json
//   kill -HUP <parent pid>                  # edit Greeting first: workers replaced one at a time, no request fails
//   kill -TERM <parent pid>                 # drains and stops every worker, exit 0
//
// The parent pid is on every line the parent logs ("[parent pid 4700] …"). Run the built program, not `dotnet run`:
// a signal sent to `dotnet run` stops the CLI, not the app.
using Oslo.Service.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseOsloWorkers();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapGet("/", (IConfiguration configuration, IWorkerInfo worker) =>
    $"{configuration["Greeting"]} from worker {worker.WorkerId} (pid {Environment.ProcessId})\n");
app.MapHealthChecks("/healthz");

app.Run();
