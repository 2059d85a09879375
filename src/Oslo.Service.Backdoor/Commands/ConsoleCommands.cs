using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using Oslo.Config;
using Oslo.Service.Backdoor.Console;
using Oslo.Service.Extensions;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>
/// The console's commands: oslo's helpers (<c>fo</c>, <c>pgt</c>, <c>pnt</c>, <c>prof</c>, <c>exit</c>/<c>quit</c>)
/// and the .NET ones. A line that is not a command is C#. oslo's call forms (<c>pgt()</c>, <c>prof('name')</c>) work too.
/// </summary>
internal sealed partial class ConsoleCommands(ProcessExtensionContext context, CpuProfiler profiler)
{
    internal const string ExitMessage = "Don't use this, just disconnect instead";

    internal const string Help = """
        Commands (anything else is C#, evaluated with Roslyn scripting; state is kept for this session):
          help                      this list
          fo <Type>                 live objects of a type reachable from the services, launcher, config, session
                                    variables and static fields (in C#: fo<T>() or fo(typeof(T)))
          pgt                       the managed stack of every thread (sampled through the diagnostics port)
          pnt                       the OS threads of this process (/proc/self/task) with their managed stacks
          prof start                start a CPU profile (oslo: prof())
          prof stop [name]          stop it and write <dir>/<name>.nettrace (oslo: prof('name'))
          gc | memory               GC and memory statistics;  gc collect  forces a full collection first
          threadpool                thread-pool statistics
          timers                    timer statistics
          config                    every option value (secrets masked)
          services                  the services running in this process
          periodic                  periodic tasks with their last and next run
          workers                   the workers (in a process launcher's parent): pid, id, uptime, restarts
          cancel                    cancel the running evaluation (Ctrl-C in telnet does the same)
          exit | quit               (just disconnect instead)
        C# globals: Conf, Launcher, Services, Process, Context, Print(x), Cancellation (pass it to long waits).
        Loops check Cancellation by themselves; Console.WriteLine goes to the service's output, Print() to you.
        """;

    /// <summary>Runs <paramref name="line"/> if it is a command; null when it is C#.</summary>
    internal async Task<string?> TryRunAsync(string line, Func<IEnumerable<object?>> roots, CancellationToken cancellationToken)
    {
        string text = line.Trim();
        if (ProfCall().Match(text) is { Success: true } prof)
        {
            return prof.Groups[1].Success && prof.Groups[1].Value.Length > 0
                ? await profiler.StopAsync(prof.Groups[1].Value, cancellationToken).ConfigureAwait(false)
                : await profiler.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (text.EndsWith("()", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        string argument = words.Length > 1 ? string.Join(' ', words[1..]) : "";
        switch (words[0])
        {
            case "help" when words.Length == 1:
                return Help;
            case "exit" or "quit" when words.Length == 1:
                return ExitMessage;
            case "fo" when words.Length == 2:
                return FindObjects(argument, roots);
            case "pgt" or "pnt" when words.Length == 1:
                return await ThreadStacks.FormatAsync(osThreads: words[0] == "pnt", cancellationToken).ConfigureAwait(false);
            case "prof" when words.Length >= 2 && words[1] == "start":
                return await profiler.StartAsync(cancellationToken).ConfigureAwait(false);
            case "prof" when words.Length >= 2 && words[1] == "stop":
                return await profiler.StopAsync(words.Length > 2 ? words[2] : null, cancellationToken).ConfigureAwait(false);
            case "prof" when words.Length == 1:
                return profiler.IsRunning ? "A profile is running; stop it with: prof stop [name]" : "No profile is running; start one with: prof start";
            case "gc" or "memory" when words.Length == 1:
                return RuntimeStats.Memory();
            case "gc" when argument == "collect":
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                return RuntimeStats.Memory();
            case "threadpool" when words.Length == 1:
                return RuntimeStats.ThreadPoolStats();
            case "timers" when words.Length == 1:
                return RuntimeStats.Timers();
            case "config" when words.Length == 1:
                return ConfigDump.Format(context.Conf);
            case "services" when words.Length == 1:
                return FormatServices();
            case "periodic" when words.Length == 1:
                return FormatPeriodic(roots);
            case "workers" when words.Length == 1:
                return FormatWorkers();
            default:
                return null;
        }
    }

    private static string FindObjects(string typeName, Func<IEnumerable<object?>> roots)
    {
        Type[] types = [.. AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .SelectMany(a => { try { return a.GetTypes(); } catch (System.Reflection.ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); } })
            .Where(t => t.FullName == typeName || t.Name == typeName)
            .Distinct()];
        if (types.Length == 0)
        {
            return $"No loaded type is named {typeName}";
        }

        var text = new StringBuilder();
        foreach (Type type in types)
        {
            IReadOnlyList<object> found = ObjectFinder.Find(type, roots());
            text.Append(CultureInfo.InvariantCulture, $"{type.FullName}: {found.Count} reachable object(s)\n");
            foreach (object item in found.Take(20))
            {
                text.Append("  ").Append(ValueFormatter.Format(item)).Append('\n');
            }
        }

        return text.ToString();
    }

    private string FormatServices()
    {
        IReadOnlyList<ServiceBase> services = context.Services;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{services.Count} service(s) in process {Environment.ProcessId} ({context.Role}{(context.WorkerId is int id ? " " + id.ToString(CultureInfo.InvariantCulture) : "")}); backdoor_port {context.BackdoorPort}\n");
        for (int i = 0; i < services.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [{i}] {services[i]} ({services[i].GetType().FullName})\n");
        }

        return text.ToString();
    }

    // Every PeriodicTasks set reachable from the services (a service usually is one, or holds one), plus services
    // that report their own schedule.
    private string FormatPeriodic(Func<IEnumerable<object?>> roots)
    {
        IEnumerable<(string Owner, PeriodicTaskStatus Task)> tasks = ObjectFinder.Find(typeof(PeriodicTasks), roots(), includeStatics: false)
            .Cast<PeriodicTasks>()
            .SelectMany(set => PeriodicTaskReport.Read(set).Select(task => (set.GetType().Name, task)))
            .Concat(context.Services.OfType<IPeriodicTaskStatusSource>()
                .SelectMany(source => source.GetPeriodicTasks().Select(task => (source.ToString() ?? "", task))))
            .ToList();
        if (!tasks.Any())
        {
            return "No periodic tasks in this process\n";
        }

        var text = new StringBuilder();
        DateTimeOffset now = DateTimeOffset.Now;
        foreach ((string owner, PeriodicTaskStatus task) in tasks)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {owner + "." + task.Name,-40} spacing {(task.Spacing is { } s ? s.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "default"),-12} "
                + $"last {When(task.LastRun, now),-24} next {When(task.NextRun, now)}\n");
        }

        return text.ToString();
    }

    private string FormatWorkers()
    {
        if (context.Workers is not { } source)
        {
            return $"No workers: process {Environment.ProcessId} is not a process launcher's parent ({context.Role})\n";
        }

        IReadOnlyList<WorkerStatus> workers = source.GetWorkers();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{workers.Count} worker(s)\n");
        DateTimeOffset now = DateTimeOffset.Now;
        foreach (WorkerStatus worker in workers)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  pid {worker.Pid,-8} id {worker.WorkerId,-4} {worker.Service,-30} up {(now - worker.StartedAt).TotalSeconds:F0} s  restarts {worker.Restarts}\n");
        }

        return text.ToString();
    }

    /// <summary>A moment as <c>HH:mm:ss (+1.5 s)</c>, signed from <paramref name="now"/>; <c>never</c> for null.</summary>
    /// <remarks>The seconds are rounded before they are formatted: a custom format rounds a value such as -0.04 to a
    /// zero that keeps its minus sign, and its first section then prints "-+0.0". Rounded first, with the negative zero
    /// made positive (adding 0.0 does that), a moment within 0.05 s of now reads "+0.0".</remarks>
    internal static string When(DateTimeOffset? at, DateTimeOffset now) => at is { } value
        ? string.Create(CultureInfo.InvariantCulture,
            $"{value:HH:mm:ss} ({Math.Round((value - now).TotalSeconds, 1, MidpointRounding.AwayFromZero) + 0.0:+0.0;-0.0;+0.0} s)")
        : "never";

    [GeneratedRegex("""^prof\(\s*(?:['"]([^'"]*)['"])?\s*\)$""")]
    private static partial Regex ProfCall();
}
