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

var scenario = scenarios.FirstOrDefault(s => s.Name == args[0]);
if (scenario is null)
{
    Console.Error.WriteLine($"bench/run: unknown scenario '{args[0]}'; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
    return 2;
}

List<string> options = [.. args.Skip(1)];
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
foreach (string line in collected.Lines())
{
    Console.Out.WriteLine(line);
}

return exitCode;

static bool TryRepeat(string text, out int repeat) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) && repeat >= 1;
