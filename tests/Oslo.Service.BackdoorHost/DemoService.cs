using Oslo.Service.Extensions;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;

namespace Oslo.Service.BackdoorHost;

/// <summary>
/// An oslo <see cref="Launching.Service"/> with a heartbeat timer and periodic tasks on its thread group, so the console has
/// real data to show; receives oslo's backdoor_port. Public so C# typed into the console can name it: submissions
/// compile like any other assembly and cannot see internal types.
/// </summary>
public sealed class DemoService : Launching.Service, IBackdoorPortAware
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromMilliseconds(200);
    private long _ticks;

    public string? BackdoorPort { get; set; }

    public DemoPeriodicTasks Periodic { get; } = new();

    public long Ticks => Interlocked.Read(ref _ticks);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThreadGroup.AddTimer(s_heartbeat, _ => { Interlocked.Increment(ref _ticks); return Task.CompletedTask; });
        ThreadGroup.AddPeriodicTasksTimer(Periodic, periodicIntervalMax: TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }
}
