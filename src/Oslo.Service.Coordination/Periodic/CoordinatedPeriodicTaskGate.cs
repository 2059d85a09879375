using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Oslo.Service.Coordination.Leadership;
using Oslo.Service.Periodic;

namespace Oslo.Service.Coordination.Periodic;

/// <summary>
/// Runs a due task only in the leader of its election: <c>periodic/&lt;task&gt;</c> across the deployment, or
/// <c>periodic/&lt;task&gt;@&lt;replica&gt;</c> within one replica. The term is checked right before the run (on the
/// monotonic clock, and with one round trip where a lease ends with its holder's session), the run's token is
/// cancelled when the term's trusted time runs out, and the task finds its fencing token in <see cref="LeaderTerm.Current"/>.
/// A run skipped because this member was not the leader is owed: when this member starts a term, it runs at once
/// rather than at the task's next due time, so that a takeover costs the store's detection and no spacing.
/// </summary>
internal sealed class CoordinatedPeriodicTaskGate(Coordinator coordinator, ILogger logger) : IPeriodicTaskGate
{
    private readonly ConcurrentDictionary<string, TaskState> _states = new(StringComparer.Ordinal);

    public async ValueTask RunAsync(PeriodicTask task, Func<CancellationToken, ValueTask> run, CancellationToken cancellationToken)
    {
        TaskState state = StateOf(task);
        // Owed until it runs here: a term started from now on runs it at once.
        state.Owe(new Owed(run, cancellationToken));
        await TryRunAsync(task, state, cancellationToken).ConfigureAwait(false);
    }

    // One run at a time per task in this process: a pass that finds the owed run in progress skips (that run is this
    // spacing's). Throws what the task throws, for the pass to log.
    private async ValueTask TryRunAsync(PeriodicTask task, TaskState state, CancellationToken cancellationToken)
    {
        if (!state.Running.Wait(0))
        {
            return;
        }

        try
        {
            if (!state.Election.TryGetTerm(out LeaderTerm? term) || !await state.Election.ConfirmAsync(term, cancellationToken).ConfigureAwait(false))
            {
                logger.PeriodicTaskNotLeader(task.Name, state.Election.Name);
                return;
            }

            if (state.Take() is not { } owed)
            {
                return;
            }

            using var lease = CancellationTokenSource.CreateLinkedTokenSource(owed.CancellationToken);
            lease.CancelAfter(term.Remaining);
            LeaderTerm? outer = LeaderTerm.Current;
            LeaderTerm.Current = term;
            try
            {
                await owed.Run(lease.Token).ConfigureAwait(false);
            }
            finally
            {
                LeaderTerm.Current = outer;
            }
        }
        finally
        {
            state.Running.Release();
        }
    }

    private TaskState StateOf(PeriodicTask task) => _states.GetOrAdd(task.Name, _ =>
    {
        var state = new TaskState(coordinator.Election(ElectionOf(task)));
        state.Election.TermStarted += _ => RunOwed(task, state);
        return state;
    });

    private void RunOwed(PeriodicTask task, TaskState state)
    {
        if (state.Peek() is not { } owed || owed.CancellationToken.IsCancellationRequested)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await TryRunAsync(task, state, owed.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!owed.CancellationToken.IsCancellationRequested)
            {
                logger.OwedRunFailed(exception, task.Name);
            }
            catch (OperationCanceledException)
            {
                // The service is stopping.
            }
        });
    }

    /// <summary>Starts campaigning for every coordinated task at once, so that the first due run finds a leader.</summary>
    public void Campaign(PeriodicTasks tasks)
    {
        foreach (PeriodicTask task in tasks.Tasks)
        {
            if (task.RunOn != PeriodicTaskRunOn.EveryWorker)
            {
                _ = StateOf(task);
            }
        }
    }

    internal static string ElectionOf(PeriodicTask task) => task.RunOn == PeriodicTaskRunOn.OncePerReplica
        ? $"periodic/{task.Name}@{Coordinator.ReplicaId}"
        : $"periodic/{task.Name}";

    private sealed record Owed(Func<CancellationToken, ValueTask> Run, CancellationToken CancellationToken);

    private sealed class TaskState(LeaderElection election)
    {
        public LeaderElection Election { get; } = election;

        public SemaphoreSlim Running { get; } = new(1, 1);

        // The latest skipped run of the task; null once it ran.
        private Owed? _owed;

        public Owed? Peek() => Volatile.Read(ref _owed);

        public void Owe(Owed owed) => Volatile.Write(ref _owed, owed);

        public Owed? Take() => Interlocked.Exchange(ref _owed, null);
    }
}
