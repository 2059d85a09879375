using Oslo.Service.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseOsloWorkers();

var app = builder.Build();
app.MapGet("/", (IWorkerInfo worker) => $"aot worker={worker.WorkerId} pid={Environment.ProcessId}\n");
app.Run();
