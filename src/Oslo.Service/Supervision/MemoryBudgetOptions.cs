using Oslo.Config;
using Oslo.Service.Supervision;

[assembly: OsloConfigOpts("oslo.service.supervision", typeof(MemoryBudgetOptions), nameof(MemoryBudgetOptions.ListOpts))]

namespace Oslo.Service.Supervision;

/// <summary><c>[process_launcher] worker_memory_budget_mb</c>: the GC heap budget of a ProcessLauncher's workers together.</summary>
public static class MemoryBudgetOptions
{
    /// <summary><c>worker_memory_budget_mb</c>: MiB shared by the GC heaps of the workers and spares; 0 (default) sets no limit.</summary>
    public static readonly IntOpt WorkerMemoryBudgetMb = new("worker_memory_budget_mb", @default: 0, min: 0,
        help: "The memory budget, in MiB, of all the worker processes of a service together (e.g. the container's "
            + "limit minus what the parent and native memory need). Each worker and each spare (spare_workers: a "
            + "spare is booted and resident while it waits) gets an equal share, budget / (workers + spare_workers), "
            + "fixed when it starts, as its GC heap hard limit (DOTNET_GCHeapHardLimit), so "
            + "GC.GetGCMemoryInfo().TotalAvailableMemoryBytes reports the share and the GC collects before the share "
            + "is reached instead of when the container's limit is. The limit is the managed heap's: a worker's RSS "
            + "is higher by the runtime's own memory. 0 leaves the GC to its defaults.");

    /// <summary>Every option of this file, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [WorkerMemoryBudgetMb];

    /// <summary>Namespace <c>oslo.service.supervision</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(SupervisionOptions.Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, SupervisionOptions.Group);
    }

    /// <summary>The configured budget in MiB; 0 before the command line is parsed.</summary>
    internal static int Read(ConfigOpts conf)
    {
        Register(conf);
        return conf.IsParsed ? conf.Get(WorkerMemoryBudgetMb, SupervisionOptions.Group) : 0;
    }
}
