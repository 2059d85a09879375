using System.Runtime.CompilerServices;

using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Logging;

using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Information).AddOsloConsole());
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();
var conf = new ConfigOpts(loggerFactory);
conf.ParseOrExit(args, project: "busy", prog: "busy-host");
// A ProcessLauncher even for one worker (Launcher.Launch would run a single worker in this process).
var launcher = new ProcessLauncher(conf, RestartMethod.Reload, loggerFactory);
launcher.LaunchService(new BusyService(), 1);
return await launcher.WaitAsync();

/// <summary>Starts a thread that never leaves <see cref="SpinInBusyLoopForever"/>.</summary>
internal sealed class BusyService : ServiceBase
{
    private static volatile int s_sink;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        new Thread(SpinInBusyLoopForever) { IsBackground = true, Name = "busy" }.Start();
        Console.WriteLine($"Busy worker spinning in pid {Environment.ProcessId}");
        return Task.CompletedTask;
    }

    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        _stopped.TrySetResult();
        return Task.CompletedTask;
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SpinInBusyLoopForever()
    {
        while (true)
        {
            s_sink++;
        }
    }
}
