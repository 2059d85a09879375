// OsloWorker: an oslo service with a periodic task, run by oslo's launcher.
//
//   dotnet build && bin/Debug/net10.0/OsloWorker --config-file etc/osloworker.conf
//
// Signals (to the pid in the "OsloWorker started" line, or the parent's when workers > 1):
//   SIGTERM  graceful stop within graceful_shutdown_timeout, exit 0
//   SIGINT   (Ctrl-C) exit 1 at once
//   SIGHUP   as a daemon (setsid, systemd): re-read the config files, then stop and start the service again
//
// Sample config: dotnet tool restore && dotnet build -t:GenerateSampleConfig  (writes etc/osloworker.conf.sample)
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Logging;

using OsloWorker;

using ILoggerFactory loggerFactory = LoggerFactory.Create(logging => logging.AddOsloConsole());

// The console logger writes from a queue: flush it when the launcher exits at once (SIGINT, graceful timeout).
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();

var conf = new ConfigOpts(loggerFactory);
conf.RegisterCliOpts(WorkerOptions.Cli);
conf.RegisterOpts(WorkerOptions.Report, WorkerOptions.ReportGroup);
conf.ParseOrExit(args, project: "osloworker", prog: "osloworker");

var service = new WorkerService(conf, loggerFactory);
Launcher launcher = Launcher.Launch(conf, service, conf.Get(WorkerOptions.Workers), RestartMethod.Reload, loggerFactory);
return await launcher.WaitAsync();
