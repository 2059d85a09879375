namespace Oslo.Service.Periodic;

/// <summary>
/// One periodic task: a callback with its schedule. Declared with <see cref="PeriodicTaskAttribute"/> on a method,
/// or created directly and added at run time to one <see cref="PeriodicTasks"/> instance.
/// </summary>
public sealed class PeriodicTask
{
    /// <summary>Creates a task from an asynchronous callback.</summary>
    /// <param name="name">The task's name, unique within its <see cref="PeriodicTasks"/>.</param>
    /// <param name="callback">The callback, given a token cancelled when the pass is.</param>
    /// <param name="spacing">Time between runs; zero means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</param>
    /// <param name="runImmediately">Whether the first run happens on the first pass.</param>
    /// <param name="externalProcessOk">Whether <c>run_external_periodic_tasks = false</c> skips it here.</param>
    /// <param name="enabled">Whether the task is registered at all.</param>
    public PeriodicTask(
        string name,
        Func<CancellationToken, ValueTask> callback,
        TimeSpan spacing = default,
        bool runImmediately = false,
        bool externalProcessOk = false,
        bool enabled = true)
        : this(name, Ignore(callback), spacing, runImmediately, externalProcessOk, enabled)
    {
    }

    /// <summary>Creates a task from a synchronous callback.</summary>
    /// <param name="name">The task's name, unique within its <see cref="PeriodicTasks"/>.</param>
    /// <param name="callback">The callback, given a token cancelled when the pass is.</param>
    /// <param name="spacing">Time between runs; zero means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</param>
    /// <param name="runImmediately">Whether the first run happens on the first pass.</param>
    /// <param name="externalProcessOk">Whether <c>run_external_periodic_tasks = false</c> skips it here.</param>
    /// <param name="enabled">Whether the task is registered at all.</param>
    public PeriodicTask(
        string name,
        Action<CancellationToken> callback,
        TimeSpan spacing = default,
        bool runImmediately = false,
        bool externalProcessOk = false,
        bool enabled = true)
        : this(name, Ignore(callback), spacing, runImmediately, externalProcessOk, enabled)
    {
    }

    internal PeriodicTask(
        string name,
        Func<object?, CancellationToken, ValueTask> callback,
        TimeSpan spacing,
        bool runImmediately,
        bool externalProcessOk,
        bool enabled)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Callback = callback;
        Spacing = spacing;
        RunImmediately = runImmediately;
        ExternalProcessOk = externalProcessOk;
        Enabled = enabled;
    }

    /// <summary>
    /// Creates a task whose callback takes the context of the pass (oslo's <c>context</c> argument, the value given to
    /// <see cref="PeriodicTasks.RunPeriodicTasksAsync"/>) typed as <typeparamref name="TContext"/>.
    /// </summary>
    /// <typeparam name="TContext">The context type the passes give.</typeparam>
    /// <param name="name">The task's name, unique within its <see cref="PeriodicTasks"/>.</param>
    /// <param name="callback">The callback, given the context and a token cancelled when the pass is.</param>
    /// <param name="spacing">Time between runs; zero means <see cref="PeriodicTasks.DefaultInterval"/>, negative disables the task.</param>
    /// <param name="runImmediately">Whether the first run happens on the first pass.</param>
    /// <param name="externalProcessOk">Whether <c>run_external_periodic_tasks = false</c> skips it here.</param>
    /// <param name="enabled">Whether the task is registered at all.</param>
    /// <returns>The task. A pass whose context is not a <typeparamref name="TContext"/> fails it with an
    /// <see cref="InvalidCastException"/> naming both types.</returns>
    public static PeriodicTask WithContext<TContext>(
        string name,
        Func<TContext, CancellationToken, ValueTask> callback,
        TimeSpan spacing = default,
        bool runImmediately = false,
        bool externalProcessOk = false,
        bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new PeriodicTask(name, (context, ct) => callback(CastContext<TContext>(name, context), ct), spacing, runImmediately, externalProcessOk, enabled);
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

    internal static TContext CastContext<TContext>(string name, object? context) => context switch
    {
        TContext typed => typed,
        null when default(TContext) is null => default!,
        _ => throw new InvalidCastException(
            $"Periodic task {name} expects a context of type {typeof(TContext).Name}, but the pass gave {context?.GetType().Name ?? "null"}."),
    };

    private static Func<object?, CancellationToken, ValueTask> Ignore(Func<CancellationToken, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (_, ct) => callback(ct);
    }

    private static Func<object?, CancellationToken, ValueTask> Ignore(Action<CancellationToken> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (_, ct) =>
        {
            callback(ct);
            return ValueTask.CompletedTask;
        };
    }
}
