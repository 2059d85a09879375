namespace Oslo.Service.Extensions;

/// <summary>
/// Implemented by a service (or its periodic task manager) to report its periodic tasks' last and next runs to
/// diagnostics such as the debug console's <c>periodic</c> command.
/// </summary>
public interface IPeriodicTaskStatusSource
{
    /// <summary>A snapshot of the periodic tasks.</summary>
    IReadOnlyList<PeriodicTaskStatus> GetPeriodicTasks();
}
