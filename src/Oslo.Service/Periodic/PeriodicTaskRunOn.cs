namespace Oslo.Service.Periodic;

/// <summary>Where a periodic task runs when a service runs as several workers and several replicas.</summary>
public enum PeriodicTaskRunOn
{
    /// <summary>In every worker of every replica (oslo's behaviour, and the default).</summary>
    EveryWorker,

    /// <summary>In one worker of each replica; needs a coordination backend (<see cref="PeriodicTasks.Gate"/>).</summary>
    OncePerReplica,

    /// <summary>In one worker across the whole deployment, the leader's; needs a coordination backend (<see cref="PeriodicTasks.Gate"/>).</summary>
    OnceAcrossDeployment,
}
