using System.Reflection;

using Oslo.Bench;

// bench/run SCENARIO [options]: finds the scenario by name and runs it.
var scenarios = typeof(IScenario).Assembly.GetTypes()
    .Where(t => typeof(IScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: bench/run SCENARIO [options]");
    Console.Error.WriteLine("scenarios: " + string.Join(", ", scenarios.Select(s => s.Name)));
    return args.Length == 0 ? 2 : 0;
}

var scenario = scenarios.FirstOrDefault(s => s.Name == args[0]);
if (scenario is null)
{
    Console.Error.WriteLine($"bench/run: unknown scenario '{args[0]}'; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await scenario.RunAsync(args.Skip(1).ToList(), cts.Token).ConfigureAwait(false);
