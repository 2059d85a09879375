using Oslo.Service.Looping;
using Oslo.Service.Threading;

namespace Oslo.Service.Periodic;

/// <summary>Runs a service's periodic tasks on a dynamic timer of its thread group, as oslo services do.</summary>
public static class ThreadGroupPeriodicExtensions
{
    /// <summary>
    /// Adds a dynamic timer that runs a pass of <paramref name="tasks"/> and then sleeps the idle time the pass
    /// returns (capped by <paramref name="periodicIntervalMax"/>), the way nova and friends wire
    /// <c>tg.add_dynamic_timer(self.periodic_tasks, ...)</c>. Task errors are logged by the pass unless
    /// <paramref name="raiseOnError"/>, in which case they end the timer.
    /// </summary>
    /// <param name="group">The thread group.</param>
    /// <param name="tasks">The periodic tasks.</param>
    /// <param name="context">The context given to every task.</param>
    /// <param name="initialDelay">A sleep before the first pass.</param>
    /// <param name="periodicIntervalMax">The cap on each sleep.</param>
    /// <param name="raiseOnError">Whether a task's exception ends the timer.</param>
    /// <returns>The started timer.</returns>
    public static DynamicLoopingCall AddPeriodicTasksTimer(
        this ThreadGroup group,
        PeriodicTasks tasks,
        object? context = null,
        TimeSpan? initialDelay = null,
        TimeSpan? periodicIntervalMax = null,
        bool raiseOnError = false)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(tasks);
        return group.AddDynamicTimer(
            async ct => await tasks.RunPeriodicTasksAsync(context, raiseOnError, ct).ConfigureAwait(false),
            initialDelay,
            periodicIntervalMax,
            stopOnException: true,
            name: tasks.GetType().Name + ".run_periodic_tasks");
    }
}
