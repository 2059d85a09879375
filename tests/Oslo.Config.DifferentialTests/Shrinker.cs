namespace Oslo.Config.DifferentialTests;

/// <summary>
/// Greedy minimisation of a failing case (delta debugging, one element at a time): drop options, files, file lines,
/// arguments (and their values), environment variables and flags while the case still shows an unexplained
/// difference of the same <see cref="Differ.Difference.Category"/>. Deterministic, so the printed case is the same on
/// every run of a seed.
/// </summary>
public static class Shrinker
{
    /// <summary>
    /// The smallest case found that still shows an unexplained difference of <paramref name="category"/>: a smaller
    /// case that differs only in another way (a different cause met while dropping lines) is not taken.
    /// </summary>
    public static DiffCase ShrinkKeeping(DiffCase c, string category, Func<DiffCase, IReadOnlyList<Differ.Difference>> unexplained, int budget = 400) =>
        Shrink(c, x => unexplained(x).Any(d => d.Category == category), budget);

    public static DiffCase Shrink(DiffCase c, Func<DiffCase, bool> fails, int budget = 400)
    {
        bool progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            foreach (DiffCase candidate in Smaller(c))
            {
                if (--budget < 0)
                {
                    break;
                }

                if (fails(candidate))
                {
                    c = candidate;
                    progress = true;
                    break;
                }
            }
        }

        return c;
    }

    private static IEnumerable<DiffCase> Smaller(DiffCase c)
    {
        for (int i = 0; i < c.Opts.Count; i++)
        {
            yield return c with { Opts = Without(c.Opts, i) };
        }

        for (int i = 0; i < c.Args.Count; i++)
        {
            bool takesValue = c.Args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < c.Args.Count && !c.Args[i + 1].StartsWith("--", StringComparison.Ordinal);
            yield return c with { Args = [.. c.Args.Take(i), .. c.Args.Skip(i + (takesValue ? 2 : 1))] };
        }

        foreach (string key in c.Env.Keys)
        {
            yield return c with { Env = c.Env.Where(p => p.Key != key).ToDictionary() };
        }

        for (int f = 0; f < c.Files.Count; f++)
        {
            // A file no argument names (an unused --config-file, a file left in a config dir).
            yield return c with { Files = Without(c.Files, f) };
        }

        for (int f = 0; f < c.Files.Count; f++)
        {
            string[] lines = c.Files[f].Text.TrimEnd('\n').Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string text = string.Join('\n', lines.Where((_, j) => j != i)) + "\n";
                var files = c.Files.ToList();
                files[f] = files[f] with { Text = text };
                yield return c with { Files = files };
            }
        }

        for (int i = 0; i < c.Opts.Count; i++)
        {
            OptSpec o = c.Opts[i];
            foreach (OptSpec simpler in Simpler(o))
            {
                var opts = c.Opts.ToList();
                opts[i] = simpler;
                yield return c with { Opts = opts };
            }
        }

        if (c.ValidateDefaultValues)
        {
            yield return c with { ValidateDefaultValues = false };
        }
    }

    private static IEnumerable<OptSpec> Simpler(OptSpec o)
    {
        if (o.Default is not null) yield return o with { Default = null };
        if (o.Required is not null) yield return o with { Required = null };
        if (o.DeprecatedName is not null) yield return o with { DeprecatedName = null };
        if (o.DeprecatedGroup is not null) yield return o with { DeprecatedGroup = null };
        if (o.DeprecatedOpts is not null) yield return o with { DeprecatedOpts = null };
        if (o.Choices is not null) yield return o with { Choices = null };
        if (o.MaxLength is not null) yield return o with { MaxLength = null };
        if (o.Min is not null || o.Max is not null) yield return o with { Min = null, Max = null };
        if (o.Bounds) yield return o with { Bounds = false };
        if (o.Cli) yield return o with { Cli = false };
        if (o.Group is not null) yield return o with { Group = null };
    }

    private static List<T> Without<T>(IReadOnlyList<T> items, int index) => [.. items.Where((_, i) => i != index)];
}
