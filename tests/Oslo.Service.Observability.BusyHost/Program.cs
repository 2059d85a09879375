using System.Globalization;
using System.Runtime.CompilerServices;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Logging;
using Oslo.Service.Wsgi;

// The misbehaving workers the observability tests need, chosen by [busy] mode:
//   spin    one thread never leaves SpinInBusyLoopForever (oslo-ctl stacks must name it); heartbeats go on.
//   starve  every thread-pool thread spins in SpinInBusyLoopForever, so the heartbeat timer never runs again: a hung
//           worker as heartbeat_timeout sees it.
//   leak    an HTTP server on [busy] port: GET / answers "ok", GET /leak?mb=N keeps N more MiB for good; each worker
//           holds [busy] boot_ballast_mb from its start.
using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Information).AddOsloConsole());
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();
var conf = new ConfigOpts(loggerFactory);
var group = new OptGroup("busy");
StrOpt mode = new("mode", @default: "spin", choices: ["spin", "starve", "leak"]);
IntOpt port = new("port", @default: 0);
IntOpt workers = new("workers", @default: 1, min: 1);
IntOpt ballast = new("boot_ballast_mb", @default: 0, min: 0);
conf.RegisterOpts([mode, port, workers, ballast], group);
WsgiOptions.RegisterOpts(conf);
conf.ParseOrExit(args, project: "busy", prog: "busy-host");

// A ProcessLauncher even for one worker (Launcher.Launch would run a single worker in this process).
var launcher = new ProcessLauncher(conf, RestartMethod.Reload, loggerFactory);
string chosen = conf.Get(mode, group)!;
if (chosen == "leak")
{
    var server = new Server(conf, "leaky-api", (RequestDelegate)LeakyApp.HandleAsync,
        new ServerOptions { Host = "127.0.0.1", Port = conf.Get(port, group) }, loggerFactory);
    server.Bind();
    launcher.LaunchService(new BallastService(server, conf.Get(ballast, group)), conf.Get(workers, group));
}
else
{
    launcher.LaunchService(new BusyService(starve: chosen == "starve"), conf.Get(workers, group));
}

return await launcher.WaitAsync();

/// <summary>Starts a thread (or fills the thread pool with work items) that never leaves <see cref="SpinInBusyLoopForever"/>.</summary>
internal sealed class BusyService(bool starve) : ServiceBase
{
    private static volatile int s_sink;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (starve)
        {
            // No thread beyond the minimum, and every one of them spinning: timers (the heartbeat) never run again.
            // Pinned to one CPU, so the rest of the machine (the parent, the stacks tool) keeps running meanwhile.
            if (OperatingSystem.IsLinux())
            {
                System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
            }

            ThreadPool.GetMinThreads(out int threads, out int io);
            ThreadPool.SetMaxThreads(threads, io);
            _ = Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(
                _ =>
                {
                    Console.WriteLine($"Busy worker starving its thread pool in pid {Environment.ProcessId}");
                    for (int i = 0; i < threads; i++)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static _ => SpinInBusyLoopForever(), null);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return Task.CompletedTask;
        }

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

/// <summary>The HTTP server of a worker that holds <c>boot_ballast_mb</c> MiB from its start.</summary>
internal sealed class BallastService(Server server, int ballastMb) : ServiceBase
{
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        LeakyApp.Keep(ballastMb);
        await server.StartAsync(cancellationToken);
        Console.WriteLine($"Leaky worker serving in pid {Environment.ProcessId}");
    }

    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) => server.StopAsync(graceful, cancellationToken);

    public override Task WaitAsync(CancellationToken cancellationToken = default) => server.WaitAsync(cancellationToken);

    public override Task ResetAsync(CancellationToken cancellationToken = default) => server.ResetAsync(cancellationToken);
}

/// <summary>GET / → "ok pid"; GET /leak?mb=N → keeps N more MiB (touched, so they count in RSS) and answers "pid rss_mb".</summary>
internal static class LeakyApp
{
    private static readonly List<byte[]> s_kept = [];

    internal static void Keep(int mb)
    {
        lock (s_kept)
        {
            for (int i = 0; i < mb; i++)
            {
                byte[] chunk = GC.AllocateUninitializedArray<byte>(1 << 20);
                Array.Fill(chunk, (byte)1);
                s_kept.Add(chunk);
            }
        }
    }

    internal static Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/leak")
        {
            Keep(int.Parse(context.Request.Query["mb"].ToString(), CultureInfo.InvariantCulture));
            long rssMb = long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize >> 20;
            return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {rssMb}"));
        }

        return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"ok {Environment.ProcessId}"));
    }
}
