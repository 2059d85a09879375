using Oslo.Service.Extensions;
using Oslo.Service.Launching;

namespace Oslo.Service.BackdoorHost;

/// <summary>A service with a heartbeat timer and a periodic-task report, so the console has real data to show.</summary>
internal sealed class DemoService : ServiceBase, IBackdoorPortAware, IPeriodicTaskStatusSource
{
    private static readonly TimeSpan s_spacing = TimeSpan.FromMilliseconds(200);
    private Timer? _timer;
    private long _ticks;
    private DateTimeOffset? _lastRun;

    public string? BackdoorPort { get; set; }

    public long Ticks => Interlocked.Read(ref _ticks);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        _timer = new Timer(_ => { Interlocked.Increment(ref _ticks); _lastRun = DateTimeOffset.Now; }, null, s_spacing, s_spacing);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(bool graceful = false, CancellationToken cancellationToken = default)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public IReadOnlyList<PeriodicTaskStatus> GetPeriodicTasks() =>
        [new PeriodicTaskStatus("DemoService.heartbeat", s_spacing, _lastRun, (_lastRun ?? DateTimeOffset.Now) + s_spacing)];
}