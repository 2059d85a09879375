// OsloApi: an ASP.NET Core minimal API served by N worker processes on one port.
//
//   dotnet build
//   bin/Debug/net10.0/OsloApi                  # run the built program (not `dotnet run`) to send it signals
//   curl http://127.0.0.1:8080/                # answered by one of the workers
//   kill -HUP <parent pid>                     # edit Greeting in appsettings.json first: workers are replaced one
//                                              # at a time, each new one healthy before the old one drains
//   kill -TERM <parent pid>                    # requests in flight finish, then every process exits 0
//
// The parent pid is in every line the parent logs ("[parent pid P]"). Options: the "Oslo" section of
// appsettings.json, or Oslo__Workers=4 in the environment, or --Oslo:Workers=4 on the command line.
using Oslo.Service.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The one line: the parent binds the app's endpoints once and supervises N workers; each worker runs this app.
builder.UseOsloWorkers();

// A worker is ready (and a reload goes on) only once its health checks report Healthy.
builder.Services.AddHealthChecks();

var app = builder.Build();

app.MapGet("/", (IConfiguration config, IWorkerInfo worker) =>
    $"{config["Greeting"]} from worker {worker.WorkerId} of {worker.WorkerCount} (pid {Environment.ProcessId})\n");
app.MapHealthChecks("/healthz");

app.Run();
