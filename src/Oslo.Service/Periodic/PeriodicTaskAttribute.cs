namespace Oslo.Service.Periodic;

/// <summary>
/// Marks a method of a <see cref="PeriodicTasks"/> subclass as a periodic task (oslo's <c>@periodic_task</c>).
/// The method takes the context (and optionally a <see cref="CancellationToken"/>, or only the token, or nothing)
/// and returns <see langword="void"/>, <see cref="Task"/> or <see cref="ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class PeriodicTaskAttribute : Attribute
{
    /// <summary>Seconds between runs; 0 (the default) means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</summary>
    public double Spacing { get; set; }

    /// <summary>Whether the first run happens on the first pass instead of one spacing after the instance is created.</summary>
    public bool RunImmediately { get; set; }

    /// <summary>The task's name; the method name when null.</summary>
    public string? Name { get; set; }

    /// <summary>Whether the task may run in a separate process, so that <c>run_external_periodic_tasks = false</c> skips it here.</summary>
    public bool ExternalProcessOk { get; set; }

    /// <summary>Whether the task is registered at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the task runs: every worker (the default), once per replica, or once across the deployment.</summary>
    public PeriodicTaskRunOn RunOn { get; set; }
}
