// ProcessLauncher functional-test host. The parent prints "workerhost pid=… pgid=…"; every worker prints
// "worker-ready svc=S id=K pid=P …" once started. Behaviour knobs come from WORKERHOST_* variables, oslo options
// (workers, [process_launcher], graceful_shutdown_timeout, [workerhost] greeting) from --config-file.
using System.Globalization;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.WorkerHost;

bool isWorker = Environment.GetEnvironmentVariable("OSLO_SERVICE_WORKER") is not null;
if (!isWorker)
{
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workerhost pid={Environment.ProcessId} pgid={Native.GetPgrp()}"));
}

if (Environment.GetEnvironmentVariable("WORKERHOST_LOG_THEN_THROW") is { } burst)
{
    // N lines through the Oslo console logger, then an unhandled exception: what was queued must still be written.
    var provider = new Oslo.Service.Logging.OsloConsoleLoggerProvider();
    Microsoft.Extensions.Logging.ILogger burstLogger = provider.CreateLogger("burst");
    for (int i = 0; i < int.Parse(burst, CultureInfo.InvariantCulture); i++)
    {
        burstLogger.Log(Microsoft.Extensions.Logging.LogLevel.Information, default, $"burst line {i} {new string('x', 100)}", null, (s, _) => s);
    }

    throw new InvalidOperationException("thrown from Main after logging");
}

var conf = new ConfigOpts();
conf.RegisterOpt(new IntOpt("workers", @default: 2, min: 1));
conf.RegisterOpt(new StrOpt("greeting", @default: "hello", mutable: true), "workerhost");
conf.ParseOrExit(args, prog: "workerhost");

string kind = Environment.GetEnvironmentVariable("WORKERHOST_KIND") ?? "svc";
RestartMethod restartMethod = RestartMethods.Parse(Environment.GetEnvironmentVariable("WORKERHOST_RESTART_METHOD") ?? "reload");
int port = int.Parse(Environment.GetEnvironmentVariable("WORKERHOST_PORT") ?? "0", CultureInfo.InvariantCulture);
int workers = conf.GetOrNull(new IntOpt("workers")) ?? 2;

Launcher launcher;
if (kind == "kestrel")
{
    launcher = Launcher.Launch(conf, KestrelApp.CreateFactory(conf, port), workers, restartMethod);
}
else
{
    // WORKERHOST_SERVICES="2,1": two LaunchService calls with 2 and 1 workers.
    string services = Environment.GetEnvironmentVariable("WORKERHOST_SERVICES") ?? workers.ToString(CultureInfo.InvariantCulture);
    int[] counts = [.. services.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
    ServiceBase First(int index) => kind == "tcp" ? new TcpEchoService(conf, port, index) : new WorkerService(conf, index);
    var processLauncher = new ProcessLauncher(conf, restartMethod);
    for (int i = 0; i < counts.Length; i++)
    {
        processLauncher.LaunchService(First(i), counts[i]);
    }

    launcher = processLauncher;
}

int status = await launcher.WaitAsync();
Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(isWorker ? "worker" : "workerhost")} exit pid={Environment.ProcessId} status={status}"));
await launcher.DisposeAsync();
return status;
