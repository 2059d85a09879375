using System.Globalization;

using Oslo.Config;
using Oslo.Service.Supervision;

[assembly: OsloConfigOpts("oslo.service.supervision", typeof(ProcessorShareOptions), nameof(ProcessorShareOptions.ListOpts))]

namespace Oslo.Service.Supervision;

/// <summary><c>[process_launcher] worker_processor_count</c>: how many CPUs each worker's .NET runtime sizes itself for.</summary>
public static class ProcessorShareOptions
{
    /// <summary><c>worker_processor_count</c>: -1 (default) the runtime's own, 0 a worker's share of the CPUs, N that count.</summary>
    public static readonly IntOpt WorkerProcessorCount = new("worker_processor_count", @default: -1, min: -1,
        help: "The processor count each worker's .NET runtime sizes itself for (DOTNET_PROCESSOR_COUNT: its thread "
            + "pool, Kestrel's I/O queues, how long it spins before it waits). -1 sets nothing: every worker sizes "
            + "itself for every CPU, as a single process would. 0 gives each worker its share of the CPUs this process "
            + "may use (the cgroup CPU quota rounded down, or the CPUs it may run on) divided by the service's "
            + "workers, at least 1, and sets nothing when the share is all of them or when DOTNET_PROCESSOR_COUNT is "
            + "already in the environment; it is the default of apps run with UseOsloWorkers, whose workers share out "
            + "their connections. A positive number sets that count.");

    /// <summary>Every option of this file, in documentation order.</summary>
    public static IReadOnlyList<Opt> Opts { get; } = [WorkerProcessorCount];

    /// <summary>Namespace <c>oslo.service.supervision</c> for <c>oslo-config-generator</c>.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts() => [(SupervisionOptions.Group, Opts)];

    /// <summary>Registers the options on <paramref name="conf"/>; idempotent.</summary>
    public static void Register(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(Opts, SupervisionOptions.Group);
    }

    /// <summary>The configured value; -1 (nothing set) before the command line is parsed.</summary>
    internal static int Read(ConfigOpts conf)
    {
        Register(conf);
        return conf.IsParsed ? conf.Get(WorkerProcessorCount, SupervisionOptions.Group) : -1;
    }
}

/// <summary>
/// Gives a worker process its share of the CPUs through <c>DOTNET_PROCESSOR_COUNT</c>, which the runtime reads before
/// any managed code runs (so it works for every program, AOT included).
/// </summary>
/// <remarks>
/// Without it, each of N workers on N cores sees every core: its thread pool keeps a worker thread per core, Kestrel
/// opens an I/O queue per core, and a thread that finds no work spins for a while before it sleeps, because on a
/// multi-core machine another thread might hand it some at once. Two such workers busy on two cores preempt each
/// other: measured with 2 ASP.NET Core workers and 64 keep-alive connections split evenly between them, 4.6–6.6
/// context switches and 37–54 µs of CPU per request against plain Kestrel's 0.7–1 and 24–28 µs. With a count of 1
/// each, the same split gave 0.9–2 context switches, 25–28 µs and more requests per second than plain Kestrel.
/// The share only pays when the connections are shared out too: one worker sized for one core with most of the
/// connections (the race for the shared socket gave splits such as 58/6) queued its requests behind each other, with
/// p99 latencies of 19–94 ms, which is why this was withdrawn once; the workers now balance their accepts
/// (<see cref="ConnectionBoard"/>). Figures in docs/operations.md, "Performance".
/// </remarks>
internal static class ProcessorShare
{
    internal const string Variable = "DOTNET_PROCESSOR_COUNT";

    private static readonly Lazy<int> s_cores = new(CgroupCpuQuota.DefaultWorkerCount);

    /// <summary>The CPUs the family may use: the cgroup quota rounded down, at most the CPUs it may run on.</summary>
    internal static int Cores => s_cores.Value;

    /// <summary>A worker's share of <paramref name="cores"/> among <paramref name="workers"/>: at least 1.</summary>
    internal static int Share(int cores, int workers) => Math.Max(1, Math.Max(1, cores) / Math.Max(1, workers));

    /// <summary>Sets <c>DOTNET_PROCESSOR_COUNT</c> in a worker's environment for the setting (see the option's help).</summary>
    /// <param name="environment">The worker's environment, the parent's to begin with.</param>
    /// <param name="setting"><c>worker_processor_count</c>: 0 automatic, N that count, -1 nothing.</param>
    /// <param name="cores">The CPUs the family may use.</param>
    /// <param name="workers">The service's worker count.</param>
    internal static void Apply(IDictionary<string, string> environment, int setting, int cores, int workers)
    {
        if (setting > 0)
        {
            environment[Variable] = setting.ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (setting < 0 || environment.ContainsKey(Variable))
        {
            return;
        }

        int share = Share(cores, workers);
        if (share < cores)
        {
            environment[Variable] = share.ToString(CultureInfo.InvariantCulture);
        }
    }
}
