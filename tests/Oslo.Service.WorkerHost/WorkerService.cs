using System.Diagnostics;
using System.Globalization;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;

namespace Oslo.Service.WorkerHost;

/// <summary>
/// A worker service that reports its lifecycle on stdout. WORKERHOST_CRASH: "boot" exits 3 before it is ready,
/// "running" exits 3 shortly after it is ready (WORKERHOST_CRASH_STATUS: another status; WORKERHOST_CRASH_ID: only
/// that worker id crashes). WORKERHOST_HANG_BOOT=1: its start never finishes (a worker that hangs before it is
/// ready). WORKERHOST_HANG_STOP=1: its stop never finishes (a worker that ignores SIGTERM); WORKERHOST_HANG_STOP_ID:
/// only that worker id. WORKERHOST_PROBE_CHILD=1: before it is ready, a worker starts `sh -c 'ls /proc/self/fd; env'`
/// (through .NET) and `env` (through the C library's system()) and reports the descriptors and OSLO_* variables seen.
/// </summary>
internal sealed class WorkerService(ConfigOpts conf, int index) : ServiceBase
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        string? crash = IsChosen("WORKERHOST_CRASH_ID") ? Environment.GetEnvironmentVariable("WORKERHOST_CRASH") : null;
        int crashStatus = int.Parse(Environment.GetEnvironmentVariable("WORKERHOST_CRASH_STATUS") ?? "3", CultureInfo.InvariantCulture);
        if (crash == "boot")
        {
            Console.Out.WriteLine(Line("worker-crashing"));
            Environment.Exit(crashStatus);
        }

        if (crash == "running")
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(100);
                Console.Out.WriteLine(Line("worker-crashing"));
                Environment.Exit(crashStatus);
            });
        }

        if (Environment.GetEnvironmentVariable("WORKERHOST_PROBE_CHILD") == "1" && WorkerContext.Current is not null)
        {
            await ProbeChildAsync(cancellationToken);
        }

        if (Environment.GetEnvironmentVariable("WORKERHOST_HANG_BOOT") == "1" && WorkerContext.Current is not null)
        {
            Console.Out.WriteLine(Line("worker-hanging"));
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        // Ready at once, as the oslo peer's start() (bench/peers/workers_oslo.py).
        Console.Out.WriteLine(Line("worker-ready"));
    }

    private async Task ProbeChildAsync(CancellationToken cancellationToken)
    {
        using var child = Process.Start(new ProcessStartInfo("sh", ["-c", "ls /proc/self/fd; env"]) { RedirectStandardOutput = true })!;
        string output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Console.Out.WriteLine(Line("child-fds") + " fds=" + string.Join(',', lines.Where(l => l.All(char.IsAsciiDigit))));
        Console.Out.WriteLine(Line("child-env") + " oslo=" + string.Join(',', lines.Where(l => l.StartsWith("OSLO_", StringComparison.Ordinal)).Select(l => l.Split('=')[0])));
        _ = Native.RunShell("echo \"libc-env pid=$PPID oslo=$(env | grep -o '^OSLO_[A-Z_]*' | tr '\\n' ',')\"");
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        Console.Out.WriteLine(Line("worker-stopping"));
        if (Environment.GetEnvironmentVariable("WORKERHOST_HANG_STOP") == "1" && WorkerContext.Current is not null && IsChosen("WORKERHOST_HANG_STOP_ID"))
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        _stopped.TrySetResult();
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    public override Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Console.Out.WriteLine(Line(WorkerContext.Current is null ? "parent-reset" : "worker-reset"));
        return Task.CompletedTask;
    }

    public override string ToString() => "WorkerService" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>True unless <paramref name="variable"/> names another worker id than this worker's.</summary>
    private static bool IsChosen(string variable) =>
        Environment.GetEnvironmentVariable(variable) is not { } id
        || id == WorkerContext.Current?.WorkerId.ToString(CultureInfo.InvariantCulture);

    private string Line(string what)
    {
        WorkerContext? context = WorkerContext.Current;
        string greeting = conf.IsParsed ? conf.GetValue<string>("greeting", "workerhost") ?? "" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} svc={context?.ServiceIndex ?? index} id={context?.WorkerId ?? -1} pid={Environment.ProcessId} greeting={greeting}");
    }
}
