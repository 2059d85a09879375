using Oslo.Service.Periodic;

namespace Oslo.Service.BackdoorHost;

/// <summary>oslo-style periodic tasks of the demo service, run by its thread group's dynamic timer.</summary>
public sealed class DemoPeriodicTasks : PeriodicTasks
{
    private long _runs;

    public long Runs => Interlocked.Read(ref _runs);

    [PeriodicTask(Spacing = 1, RunImmediately = true)]
    public void ReportState() => Interlocked.Increment(ref _runs);

    [PeriodicTask(Spacing = 3600)]
    public void Hourly()
    {
    }
}
