namespace Oslo.Config.DifferentialTests;

/// <summary>Runs a case on both sides and lists the differences no declared rule explains.</summary>
public sealed class Differ(OsloPython oslo)
{
    public sealed record Difference(string? Key, string Oslo, string Ours)
    {
        /// <summary>
        /// What kind of difference this is, without its text: where (the parse or an option's value) and what each
        /// side gave (<c>V</c>, <c>parsed</c>, <c>EXIT 2</c> or the exception type). The shrinker keeps it, so the
        /// minimal case it prints shows the cause it started from, not another difference met on the way.
        /// </summary>
        public string Category => (Key is null ? "parse" : "value") + "|" + Kind(Oslo) + "|" + Kind(Ours);

        public override string ToString() => $"{Key ?? "(parse)"}:\n    oslo: {Oslo}\n    ours: {Ours}";

        // "V 1" -> "V"; "E ValueError: x" -> "ValueError"; "EXIT 2: ..." -> "EXIT 2"; "ConfigFileParseError: x" -> its type.
        private static string Kind(string outcome)
        {
            if (outcome.StartsWith("V ", StringComparison.Ordinal))
            {
                return "V";
            }

            string t = outcome.StartsWith("E ", StringComparison.Ordinal) ? outcome[2..] : outcome;
            int colon = t.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? t : t[..colon];
        }
    }

    /// <summary>Unexplained differences, and the ids of the declared ones that applied.</summary>
    public (List<Difference> Unexplained, List<string> Declared) Compare(DiffCase c)
    {
        Write(c);
        try
        {
            Outcome theirs = oslo.Run(c);
            Outcome ours = OurOslo.Run(c);
            var unexplained = new List<Difference>();
            var declared = new List<string>();
            void Check(string? key, string a, string b)
            {
                if (a == b)
                {
                    return;
                }

                if (DeclaredDifferences.Explain(c, key, a, b) is { } rule)
                {
                    declared.Add(rule.Id);
                }
                else
                {
                    unexplained.Add(new Difference(key, a, b));
                }
            }

            Check(null, theirs.Parse ?? "parsed", ours.Parse ?? "parsed");
            if (theirs.Parse is null && ours.Parse is null)
            {
                foreach (string key in theirs.Values.Keys.Union(ours.Values.Keys).Order(StringComparer.Ordinal))
                {
                    Check(key, theirs.Values.GetValueOrDefault(key, "missing"), ours.Values.GetValueOrDefault(key, "missing"));
                }
            }

            return (unexplained, declared);
        }
        finally
        {
            Directory.Delete(c.Dir, recursive: true);
        }
    }

    private static void Write(DiffCase c)
    {
        Directory.CreateDirectory(c.Dir);
        foreach (FileSpec f in c.Files)
        {
            string path = Path.Combine(c.Dir, f.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, f.Text);
        }
    }
}
