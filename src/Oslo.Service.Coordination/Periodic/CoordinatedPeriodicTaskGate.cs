using Microsoft.Extensions.Logging;

using Oslo.Service.Coordination.Leadership;
using Oslo.Service.Periodic;

namespace Oslo.Service.Coordination.Periodic;

/// <summary>
/// Runs a due task only in the leader of its election: <c>periodic/&lt;task&gt;</c> across the deployment, or
/// <c>periodic/&lt;task&gt;@&lt;replica&gt;</c> within one replica. The term is checked on the monotonic clock right
/// before the run, the run's token is cancelled when the term's trusted time runs out, and the task finds its
/// fencing token in <see cref="LeaderTerm.Current"/>.
/// </summary>
internal sealed class CoordinatedPeriodicTaskGate(Coordinator coordinator, ILogger logger) : IPeriodicTaskGate
{
    public async ValueTask RunAsync(PeriodicTask task, Func<CancellationToken, ValueTask> run, CancellationToken cancellationToken)
    {
        LeaderElection election = coordinator.Election(ElectionOf(task));
        if (!election.TryGetTerm(out LeaderTerm? term))
        {
            logger.PeriodicTaskNotLeader(task.Name, election.Name);
            return;
        }

        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lease.CancelAfter(term.Remaining);
        LeaderTerm? outer = LeaderTerm.Current;
        LeaderTerm.Current = term;
        try
        {
            await run(lease.Token).ConfigureAwait(false);
        }
        finally
        {
            LeaderTerm.Current = outer;
        }
    }

    /// <summary>Starts campaigning for every coordinated task at once, so that the first due run finds a leader.</summary>
    public void Campaign(PeriodicTasks tasks)
    {
        foreach (PeriodicTask task in tasks.Tasks)
        {
            if (task.RunOn != PeriodicTaskRunOn.EveryWorker)
            {
                coordinator.Election(ElectionOf(task));
            }
        }
    }

    internal static string ElectionOf(PeriodicTask task) => task.RunOn == PeriodicTaskRunOn.OncePerReplica
        ? $"periodic/{task.Name}@{Coordinator.ReplicaId}"
        : $"periodic/{task.Name}";
}
