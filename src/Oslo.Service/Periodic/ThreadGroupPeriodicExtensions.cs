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
    /// <exception cref="Oslo.Config.OsloStartupException">A task runs once per replica or once across the deployment and
    /// <paramref name="tasks"/> has no <see cref="PeriodicTasks.Gate"/>.</exception>
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
        if (tasks.RequiresGate is { } task)
        {
            throw new Oslo.Config.OsloStartupException(
                $"The periodic task '{task.Name}' of {tasks.GetType().Name} runs {task.RunOn}, which needs a coordination backend: " +
                "set [coordination] backend_url (postgresql://, redis:// or etcd3+http://) and call UseCoordination on the tasks.");
        }

        return group.AddDynamicTimer(
            async ct => await tasks.RunPeriodicTasksAsync(context, raiseOnError, ct).ConfigureAwait(false),
            initialDelay,
            periodicIntervalMax,
            stopOnException: true,
            name: tasks.GetType().Name + ".run_periodic_tasks");
    }
}
