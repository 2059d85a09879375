using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Launching;
using Oslo.Service.Supervision;
using Oslo.Service.Systemd;
using Oslo.Service.Tests.Systemd;

namespace Oslo.Service.Tests.Launching;

/// <summary>Builds a <see cref="ServiceLauncher"/> whose process-facing parts are fakes (and a real notify socket).</summary>
internal sealed class LauncherHarness : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public FakeLauncherConfig Config { get; } = new();

    public FakeSignalSource Signals { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public bool Daemon { get; set; } = true;

    public ConcurrentQueue<string> Journal { get; } = new();

    public TaskCompletionSource<int> ExitedAtOnce { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NotifySocketListener Notify { get; } = NotifySocketListener.BindPath();

    public CapturingLoggerProvider Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public LauncherHarness()
    {
        LoggerFactory = new LoggerFactory([Logs]);
    }

    public ServiceLauncher Create(RestartMethod restartMethod = RestartMethod.Reload, TimeSpan? watchdog = null) =>
        new(Config, restartMethod, LoggerFactory, Runtime(watchdog));

    /// <summary>A ProcessLauncher parent over these fakes: its workers come from <paramref name="spawner"/>.</summary>
    public ProcessLauncher CreateParent(IWorkerSpawner spawner, SupervisionSettings settings, RestartMethod restartMethod = RestartMethod.Reload) =>
        new(Config, restartMethod, LoggerFactory, conf: null, worker: null, Time, new DeferredLogger(), Runtime(null), spawner, settings);

    /// <summary>Launches <paramref name="services"/>, starts the loop (<c>WaitAsync</c>) and waits until it is ready.</summary>
    /// <returns>The loop, whose result is the exit status.</returns>
    public static async Task<Task<int>> RunAsync(ServiceLauncher launcher, params ServiceBase[] services)
    {
        foreach (ServiceBase service in services)
        {
            launcher.LaunchService(service);
        }

        return await WhenReadyAsync(launcher);
    }

    /// <summary>A ProcessLauncher parent with <paramref name="workers"/> workers of one service from
    /// <paramref name="spawner"/>, its loop started and ready.</summary>
    public async Task<(ProcessLauncher Launcher, Task<int> Wait)> RunParentAsync(IWorkerSpawner spawner, SupervisionSettings settings, int workers)
    {
        ProcessLauncher launcher = CreateParent(spawner, settings);
        launcher.LaunchService(Service("api"), workers);
        return (launcher, await WhenReadyAsync(launcher, Support.Eventually.DefaultDeadline));
    }

    private static async Task<Task<int>> WhenReadyAsync(ServiceLauncher launcher, TimeSpan? deadline = null)
    {
        Task<int> wait = launcher.WaitAsync();
        await launcher.Ready.WaitAsync(deadline ?? Deadline);
        return wait;
    }

    private LauncherRuntime Runtime(TimeSpan? watchdog) =>
        new()
        {
            Signals = Signals,
            IsDaemon = () => Daemon,
            Notifier = new SystemdNotifier(Notify.NotifySocket),
            WatchdogInterval = watchdog,
            TimeProvider = Time,
            Exit = status => ExitedAtOnce.TrySetResult(status),
        };

    public RecordingService Service(string name) => new(name, Journal);

    public void Dispose()
    {
        Notify.Dispose();
        LoggerFactory.Dispose();
    }
}
