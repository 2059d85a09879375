namespace Oslo.Service.Periodic;

/// <summary>
/// One periodic task: a callback with its schedule. Declared with <see cref="PeriodicTaskAttribute"/> on a method,
/// or created directly and added at run time to one <see cref="PeriodicTasks"/> instance.
/// </summary>
public sealed class PeriodicTask
{
    /// <summary>Creates a task from an asynchronous callback.</summary>
    /// <param name="name">The task's name, unique within its <see cref="PeriodicTasks"/>.</param>
    /// <param name="callback">The callback, given the context of the pass and a cancellation token.</param>
    /// <param name="spacing">Time between runs; zero means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</param>
    /// <param name="runImmediately">Whether the first run happens on the first pass.</param>
    /// <param name="externalProcessOk">Whether <c>run_external_periodic_tasks = false</c> skips it here.</param>
    /// <param name="enabled">Whether the task is registered at all.</param>
    public PeriodicTask(
        string name,
        Func<object?, CancellationToken, ValueTask> callback,
        TimeSpan spacing = default,
        bool runImmediately = false,
        bool externalProcessOk = false,
        bool enabled = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(callback);
        Name = name;
        Callback = callback;
        Spacing = spacing;
        RunImmediately = runImmediately;
        ExternalProcessOk = externalProcessOk;
        Enabled = enabled;
    }

    /// <summary>Creates a task from a synchronous callback.</summary>
    /// <param name="name">The task's name, unique within its <see cref="PeriodicTasks"/>.</param>
    /// <param name="callback">The callback, given the context of the pass.</param>
    /// <param name="spacing">Time between runs; zero means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</param>
    /// <param name="runImmediately">Whether the first run happens on the first pass.</param>
    /// <param name="externalProcessOk">Whether <c>run_external_periodic_tasks = false</c> skips it here.</param>
    /// <param name="enabled">Whether the task is registered at all.</param>
    public PeriodicTask(
        string name,
        Action<object?> callback,
        TimeSpan spacing = default,
        bool runImmediately = false,
        bool externalProcessOk = false,
        bool enabled = true)
        : this(name, Wrap(callback), spacing, runImmediately, externalProcessOk, enabled)
    {
    }

    /// <summary>The task's name.</summary>
    public string Name { get; }

    /// <summary>The requested time between runs, as given (zero = default, negative = disabled).</summary>
    public TimeSpan Spacing { get; }

    /// <summary>Whether the first run happens on the first pass.</summary>
    public bool RunImmediately { get; }

    /// <summary>Whether <c>run_external_periodic_tasks = false</c> skips it here.</summary>
    public bool ExternalProcessOk { get; }

    /// <summary>Whether the task is registered at all.</summary>
    public bool Enabled { get; }

    /// <summary>Where the task runs; anything but <see cref="PeriodicTaskRunOn.EveryWorker"/> needs <see cref="PeriodicTasks.Gate"/>.</summary>
    public PeriodicTaskRunOn RunOn { get; init; }

    /// <summary>The callback.</summary>
    internal Func<object?, CancellationToken, ValueTask> Callback { get; }

    private static Func<object?, CancellationToken, ValueTask> Wrap(Action<object?> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (context, _) =>
        {
            callback(context);
            return ValueTask.CompletedTask;
        };
    }
}
