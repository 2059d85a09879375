using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Periodic;

namespace Oslo.Service.Coordination.Periodic;

/// <summary>Connects a set of periodic tasks to a <see cref="Coordinator"/>.</summary>
public static class PeriodicTasksCoordinationExtensions
{
    /// <summary>
    /// Makes the tasks marked <see cref="PeriodicTaskRunOn.OncePerReplica"/> or
    /// <see cref="PeriodicTaskRunOn.OnceAcrossDeployment"/> run only in their election's leader, and starts
    /// campaigning for them now. Tasks marked <see cref="PeriodicTaskRunOn.EveryWorker"/> are untouched.
    /// </summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="coordinator">The member's coordinator.</param>
    /// <param name="loggerFactory">Where skipped runs are logged (debug).</param>
    /// <returns><paramref name="tasks"/>.</returns>
    public static T UseCoordination<T>(this T tasks, Coordinator coordinator, ILoggerFactory? loggerFactory = null)
        where T : PeriodicTasks
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(coordinator);
        var gate = new CoordinatedPeriodicTaskGate(coordinator, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oslo.Service.Coordination"));
        tasks.Gate = gate;
        gate.Campaign(tasks);
        return tasks;
    }
}
