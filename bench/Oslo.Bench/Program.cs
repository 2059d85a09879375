using System.Globalization;

using Oslo.Bench;

// bench/run SCENARIO [--repeat N] [options]: finds the scenario by name and runs it N times (default 5, or
// BENCH_REPEAT), then prints every figure as the median of the repetitions with its minimum and maximum.
var scenarios = typeof(IScenario).Assembly.GetTypes()
    .Where(t => typeof(IScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: bench/run SCENARIO [--repeat N] [options]");
    Console.Error.WriteLine("scenarios: " + string.Join(", ", scenarios.Select(s => s.Name)));
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "--calibrate")
{
    // bench/run's calibration line of every results file (HttpScenario.CalibrateAsync).
    return await Oslo.Bench.Scenarios.HttpScenario.CalibrateAsync(CancellationToken.None).ConfigureAwait(false);
}

if (args[0] == "--serve-kestrel" && args.Length == 2)
{
    // The bare Kestrel peer of bench/run http and of the calibration, in a process of its own.
    return await Oslo.Bench.Scenarios.HttpScenario.ServeKestrelAsync(int.Parse(args[1], CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
}

var scenario = scenarios.FirstOrDefault(s => s.Name == args[0]);
if (scenario is null)
{
    Console.Error.WriteLine($"bench/run: unknown scenario '{args[0]}'; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
    return 2;
}

List<string> options = [.. args.Skip(1)];
if (options.Contains("--help") || options.Contains("-h"))
{
    // Help only: a scenario never runs because its options were asked about.
    Console.Out.WriteLine($"usage: bench/run {scenario.Name} [--repeat N] [options]");
    Console.Out.WriteLine(scenario.Help);
    Console.Out.WriteLine("  --repeat N        repetitions, each figure printed as their median with its range (default 5, or BENCH_REPEAT)");
    return 0;
}

int repeat = 5;
if (Environment.GetEnvironmentVariable("BENCH_REPEAT") is { Length: > 0 } fromEnvironment && !TryRepeat(fromEnvironment, out repeat))
{
    Console.Error.WriteLine($"bench/run: BENCH_REPEAT must be a whole number of at least 1, not '{fromEnvironment}'");
    return 2;
}

int at = options.IndexOf("--repeat");
if (at >= 0)
{
    if (at + 1 >= options.Count || !TryRepeat(options[at + 1], out repeat))
    {
        Console.Error.WriteLine($"bench/run: --repeat needs a whole number of at least 1{(at + 1 < options.Count ? $", not '{options[at + 1]}'" : "")}");
        return 2;
    }

    options.RemoveRange(at, 2);
}

string loadAtStart = LoadAverage();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var collected = new Repetitions();
int exitCode = 0;
using (Figures.CollectInto(collected))
{
    for (int i = 1; i <= repeat && exitCode == 0 && !cts.IsCancellationRequested; i++)
    {
        Console.Error.WriteLine($"bench/run: {scenario.Name}, repetition {i} of {repeat}");
        exitCode = await scenario.RunAsync(options, cts.Token).ConfigureAwait(false);
        if (exitCode == 0)
        {
            collected.Completed = i;
        }
    }
}

Console.Out.WriteLine($"# {scenario.Name}: median (min–max) of {collected.Completed} repetition(s)");
Console.Out.WriteLine($"# load average (1, 5, 15 min) at the start: {loadAtStart}; at the end: {LoadAverage()}");
foreach (string line in collected.Lines())
{
    Console.Out.WriteLine(line);
}

return exitCode;

// The first three fields of /proc/loadavg: how busy the machine was, so figures of different runs can be compared.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static bool TryRepeat(string text, out int repeat) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) && repeat >= 1;
