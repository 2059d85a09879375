using System.Globalization;
using System.Text;

using Xunit;
using Xunit.Abstractions;

namespace Oslo.Config.DifferentialTests;

/// <summary>
/// Random cases run through the real oslo.config 9.0 (<c>/usr/bin/python3</c>, Debian python3-oslo.config) and
/// through ours; every option's value or error must match, or be explained by <see cref="DeclaredDifferences"/>.
/// CI runs a fixed seed (1,000 cases) and a random seed it prints (300 cases). The full sweep:
/// <c>OSLO_DIFF_SWEEP=5000x20 dotnet test tests/Oslo.Config.DifferentialTests --filter Sweep</c> (or in parts, <c>5000x5@6</c> = seeds 6..10);
/// <c>OSLO_DIFF_SEED=n</c> replays one seed; <c>OSLO_DIFF_REPLAY="9:1709"</c> (with <c>--filter Replay</c>) compares and
/// shrinks case #1709 of seed 9 alone. A failure is shrunk keeping its <see cref="Differ.Difference.Category"/>.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    public const int FixedSeed = 20261206;

    // Differences neither fixed nor declared (issue #19): none are known, so no seed may have one.
    public const int KnownUnexplainedInFixedSeed = 0;
    public const double KnownUnexplainedRate = 0.0;

    [Fact]
    public void FixedSeed_1000Cases_NoNewUnexplainedDifference() =>
        RunSeed(FixedSeed, Count("OSLO_DIFF_CASES", 1000), Count("OSLO_DIFF_CASES", 1000) == 1000 ? KnownUnexplainedInFixedSeed : int.MaxValue);

    [Fact]
    public void RandomSeed_300Cases_NoNewUnexplainedDifference()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("OSLO_DIFF_SEED"), CultureInfo.InvariantCulture, out int s)
            ? s
            : Random.Shared.Next();
        output.WriteLine($"random seed: {seed} (replay with OSLO_DIFF_SEED={seed})");
        Console.WriteLine($"Oslo.Config differential test: random seed {seed} (replay with OSLO_DIFF_SEED={seed})");
        RunSeed(seed, 300, (int)(300 * KnownUnexplainedRate));
    }

    [Fact]
    public void Sweep_FromEnvironment()
    {
        // OSLO_DIFF_SWEEP=5000x20: 20 seeds (1..20) of 5,000 cases each; not run in CI (about 10 minutes).
        if (Environment.GetEnvironmentVariable("OSLO_DIFF_SWEEP") is not { } sweep)
        {
            output.WriteLine("OSLO_DIFF_SWEEP not set: nothing to do");
            return;
        }

        // "5000x20" runs seeds 1..20; "5000x5@6" runs seeds 6..10 (a sweep in parts).
        string[] parts = sweep.Split('x', '@');
        int cases = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int seeds = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int first = parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1;
        var failed = new List<string>();
        for (int seed = first; seed < first + seeds; seed++)
        {
            try
            {
                RunSeed(seed, cases, (int)(cases * KnownUnexplainedRate));
            }
            catch (Xunit.Sdk.XunitException e)
            {
                // Every seed runs, so one sweep gives every count.
                failed.Add(e.Message);
            }
        }

        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void Replay_FromEnvironment()
    {
        // OSLO_DIFF_REPLAY="9:1709 13:61": case #1709 of seed 9 and #61 of seed 13, compared and shrunk (the cases
        // before them are generated, not run), to study one cause without re-running its seed.
        if (Environment.GetEnvironmentVariable("OSLO_DIFF_REPLAY") is not { } replay)
        {
            output.WriteLine("OSLO_DIFF_REPLAY not set: nothing to do");
            return;
        }

        Assert.True(OsloPython.IsAvailable, "install python3-oslo.config (Debian) for /usr/bin/python3");
        using var oslo = new OsloPython();
        var differ = new Differ(oslo);
        var report = new StringBuilder();
        foreach (string item in replay.Split(' ', ',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = item.Split(':');
            int seed = int.Parse(parts[0], CultureInfo.InvariantCulture);
            int index = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var generator = new CaseGenerator(seed);
            DiffCase c = generator.Next(NewDir());
            for (int i = 0; i < index; i++)
            {
                c = generator.Next(NewDir());
            }

            var first = differ.Compare(c).Unexplained;
            if (first.Count == 0)
            {
                report.AppendLine($"--- case #{index} of seed {seed}: no unexplained difference");
                continue;
            }

            report.AppendLine($"=== case #{index} of seed {seed} as generated:").Append(c.Describe()).AppendLine(string.Join('\n', first))
                .Append(Minimal(differ, c, first, shrink: true, $"case #{index} of seed {seed}"));
        }

        output.WriteLine(report.ToString());
        Console.WriteLine(report.ToString());
    }

    [Fact]
    public void DifferencesDoc_MentionsEveryDeclaredDifference()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "differences.md"));
        var missing = DeclaredDifferences.All.Where(r => !doc.Contains(r.Id, StringComparison.Ordinal)).Select(r => r.Id).ToList();
        Assert.True(missing.Count == 0, "docs/differences.md does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public void Driver_SameCaseTwice_SameOutcome()
    {
        // The comparison is only as good as the driver: it must be deterministic and really run oslo.
        Assert.True(OsloPython.IsAvailable, "install python3-oslo.config (Debian) for /usr/bin/python3");
        using var oslo = new OsloPython();
        string dir = NewDir();
        var c = new DiffCase
        {
            Opts = [new OptSpec { Kind = "int", Name = "n", Default = 3 }],
            Args = ["--config-file", Path.Combine(dir, "a.conf")],
            Env = new Dictionary<string, string>(),
            Files = [new FileSpec("a.conf", "[DEFAULT]\nn = 7\n")],
            Dir = dir,
        };
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a.conf"), "[DEFAULT]\nn = 7\n");
        try
        {
            Assert.Equal("V 7", oslo.Run(c).Values["DEFAULT.n"]);
            Assert.Equal("V 7", oslo.Run(c).Values["DEFAULT.n"]);
            Assert.Equal("V 7", OurOslo.Run(c).Values["DEFAULT.n"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private void RunSeed(int seed, int cases, int allowed)
    {
        Assert.True(OsloPython.IsAvailable, "install python3-oslo.config (Debian) for /usr/bin/python3");
        using var oslo = new OsloPython();
        var differ = new Differ(oslo);
        var generator = new CaseGenerator(seed);
        var declared = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<(int Index, DiffCase Case, List<Differ.Difference> Diffs)>();
        for (int i = 0; i < cases; i++)
        {
            DiffCase c = generator.Next(NewDir());
            var (unexplained, ids) = differ.Compare(c);
            foreach (string id in ids)
            {
                declared[id] = declared.GetValueOrDefault(id) + 1;
            }

            if (unexplained.Count > 0)
            {
                failures.Add((i, c, unexplained));
            }
        }

        string summary = $"seed {seed}: {cases} cases, {failures.Count} with unexplained differences; declared: "
            + string.Join(", ", declared.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}×{p.Value}"));
        output.WriteLine(summary);
        Console.WriteLine("Oslo.Config differential test: " + summary);
        if (failures.Count == 0)
        {
            return;
        }

        bool shrink = failures.Count > allowed && Environment.GetEnvironmentVariable("OSLO_DIFF_NOSHRINK") is null;

        var report = new StringBuilder(summary).AppendLine();
        var groups = failures.GroupBy(f => Signature(f.Diffs[0])).OrderByDescending(g => g.Count()).ToList();
        foreach (var group in groups)
        {
            report.AppendLine($"  {group.Count()} × {group.Key}");
        }

        foreach (var group in groups.Take(shrink ? 3 : 4))
        {
            var (index, c, first) = group.First();
            report.Append(Minimal(differ, c, first, shrink, $"{group.Count()} case(s) like case #{index} of seed {seed}"));
        }

        if (Environment.GetEnvironmentVariable("OSLO_DIFF_DUMP") is { } dump)
        {
            // Every failing case and its differences, for grouping by cause.
            File.AppendAllLines(dump, failures.Select(f => $"=== seed {seed} case #{f.Index}\n{f.Case.Describe()}{string.Join('\n', f.Diffs)}"));
        }

        Console.WriteLine(report.ToString());
        output.WriteLine(report.ToString());
        Assert.True(failures.Count <= allowed,
            $"{failures.Count} cases with unexplained differences, more than the {allowed} known:\n{report}");
    }

    // The case shrunk to the smallest that keeps the category of its first difference, with that category's differences.
    private static string Minimal(Differ differ, DiffCase c, List<Differ.Difference> first, bool shrink, string title)
    {
        string category = first[0].Category;
        // Each comparison rewrites the case's files in its directory (the arguments hold its paths) and removes them.
        DiffCase minimal = shrink ? Shrinker.ShrinkKeeping(c, category, x => differ.Compare(x).Unexplained) : c;
        var diffs = shrink ? differ.Compare(minimal).Unexplained : first;
        return new StringBuilder()
            .AppendLine($"--- {title}; {(shrink ? "minimal" : "first")} case (kept: {category}):")
            .Append(minimal.Describe())
            .AppendLine(string.Join('\n', diffs.OrderBy(d => d.Category == category ? 0 : 1)))
            .ToString();
    }

    // Failures that differ in the same way are shown once.
    private static string Signature(Differ.Difference d)
    {
        static string Head(string s) => s.Length > 30 ? s[..30] : s;
        return Head(d.Oslo) + "|" + Head(d.Ours);
    }

    private static int Count(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out int n) ? n : fallback;

    private static string NewDir() => Path.Combine(Path.GetTempPath(), "oslo-diff-" + Guid.NewGuid().ToString("N")[..12]);

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OsloService.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
