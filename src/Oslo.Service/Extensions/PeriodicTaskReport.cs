using Oslo.Service.Periodic;

namespace Oslo.Service.Extensions;

/// <summary>Reads a <see cref="PeriodicTasks"/> set's schedule for diagnostics (the debug console's <c>periodic</c>).</summary>
public static class PeriodicTaskReport
{
    /// <summary>Each task's spacing, last run and next due time, in wall-clock time.</summary>
    /// <param name="tasks">The periodic tasks.</param>
    /// <returns>One entry per registered task, in registration order.</returns>
    public static IReadOnlyList<PeriodicTaskStatus> Read(PeriodicTasks tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        TimeSpan now = tasks.Now();
        DateTimeOffset wallNow = DateTimeOffset.Now;
        var result = new List<PeriodicTaskStatus>();
        foreach (PeriodicTask task in tasks.Tasks)
        {
            TimeSpan spacing = tasks.SpacingOf(task.Name);
            TimeSpan? last = tasks.LastRun(task.Name);

            // The set keeps times on its own monotonic clock (zero = its creation); shown against the wall clock.
            DateTimeOffset? lastRun = last is { } l ? wallNow - (now - l) : null;
            DateTimeOffset? nextRun = task.Enabled ? wallNow + PeriodicSchedule.DueIn(last, spacing, now) : null;
            result.Add(new PeriodicTaskStatus(task.Name, spacing, lastRun, nextRun));
        }

        return result;
    }
}
