namespace Oslo.Config.DifferentialTests;

/// <summary>
/// Random differential cases from one seed (the same seed gives the same cases): options of every kind with their
/// parameters, deprecated names/groups/opts, command-line options, INI files using the dialect's features
/// (continuation lines, comments, repeated keys, quotes, unicode, <c>$</c>/<c>${group.opt}</c>/<c>$$</c>,
/// invalid values, syntax errors), several files and a config dir, command lines and <c>OS_*</c> variables.
/// </summary>
public sealed class CaseGenerator(int seed)
{
    private static readonly string[] s_kinds = ["str", "int", "float", "bool", "port", "list", "dict", "multistr", "multiint", "ip", "hostname", "uri"];
    private static readonly string[] s_names = ["a", "b", "foo", "bar-baz", "n", "url"];
    private static readonly string?[] s_groups = [null, null, "grp", "other"];
    private static readonly string[] s_deprecatedNames = ["old", "old-name", "legacy"];
    private static readonly string[] s_sections = ["DEFAULT", "DEFAULT", "grp", "other", "old_grp", "GRP", "unknown"];
    private readonly Random _r = new(seed);

    public DiffCase Next(string dir)
    {
        var opts = new List<OptSpec>();
        var dests = new HashSet<string>(StringComparer.Ordinal);
        int count = _r.Next(1, 5);
        for (int i = 0; i < count; i++)
        {
            OptSpec o = NextOpt();
            if (dests.Add(o.Key))
            {
                opts.Add(o);
            }
        }

        var files = new List<FileSpec>();
        var args = new List<string>();
        int fileCount = _r.Next(0, 4);
        for (int i = 0; i < fileCount; i++)
        {
            string path = $"f{i}.conf";
            files.Add(new FileSpec(path, NextFile(opts)));
            args.Add("--config-file");
            args.Add(Path.Combine(dir, path));
        }

        if (Chance(0.05))
        {
            args.Add("--config-file");
            args.Add(Path.Combine(dir, "missing.conf"));
        }

        if (Chance(0.15))
        {
            int n = _r.Next(1, 3);
            for (int i = 0; i < n; i++)
            {
                files.Add(new FileSpec($"conf.d/{i}.conf", NextFile(opts)));
            }

            args.Add("--config-dir");
            args.Add(Path.Combine(dir, "conf.d"));
        }

        foreach (OptSpec o in opts.Where(o => o.Cli))
        {
            if (Chance(0.4))
            {
                string flag = o.Group is null ? o.Name : $"{o.Group}-{o.Name}";
                if (o.Kind == "bool")
                {
                    args.Add(Chance(0.5) ? "--" + flag : "--no" + flag);
                }
                else
                {
                    args.Add("--" + flag);
                    args.Add(Value(o, cli: true));
                }
            }
        }

        if (Chance(0.1))
        {
            // Shuffle so file and command-line values interleave in other orders.
            args = ShuffledPairs(args);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (OptSpec o in opts)
        {
            if (Chance(0.12))
            {
                env[$"OS_{(o.Group ?? "DEFAULT").ToUpperInvariant()}__{o.Dest.ToUpperInvariant()}"] = Value(o, cli: false);
            }
        }

        return new DiffCase
        {
            Opts = opts, Args = args, Env = env, Files = files, Dir = dir,
            ValidateDefaultValues = Chance(0.1),
        };
    }

    private OptSpec NextOpt()
    {
        string kind = Pick(s_kinds);
        string name = Pick(s_names);
        string? group = Pick(s_groups);
        object? @default = Chance(0.5) ? null : Default(kind);
        double? min = null, max = null;
        if (kind is "int" or "float" && Chance(0.3))
        {
            min = _r.Next(-5, 5);
            max = Chance(0.5) ? min + _r.Next(0, 20) : null;
        }

        var deprecatedOpts = Chance(0.1)
            ? new List<DeprecatedSpec> { new(Chance(0.7) ? Pick(s_deprecatedNames) : null, Chance(0.5) ? Pick(["DEFAULT", "old_grp"]) : null) }
            : null;
        return new OptSpec
        {
            Kind = kind,
            Name = name,
            Group = group,
            Cli = Chance(0.3),
            Default = @default,
            Required = Chance(0.08) ? true : null,
            DeprecatedName = Chance(0.15) ? Pick(s_deprecatedNames) : null,
            DeprecatedGroup = Chance(0.1) ? Pick(["DEFAULT", "old_grp"]) : null,
            DeprecatedOpts = deprecatedOpts,
            Choices = kind == "str" && Chance(0.15) ? ["one", "two"] : null,
            MaxLength = kind == "str" && Chance(0.1) ? _r.Next(1, 5) : null,
            Min = min,
            Max = max,
            ItemType = kind == "list" && Chance(0.3) ? "int" : null,
            Bounds = kind == "list" && Chance(0.15),
        };
    }

    private object? Default(string kind) => kind switch
    {
        "str" => Pick(["x", "one", "", "$foo", "a$$b", "${grp.a}", "caf\u00e9"]),
        "int" => _r.Next(-3, 30),
        "float" => Pick(new object[] { 1.5, 0.0, -2.25, 10.0 }),
        "bool" => Chance(0.5),
        "port" => _r.Next(1, 65535),
        "list" => new List<object?> { "1", "2" },
        "dict" => new Dictionary<string, string?> { ["k"] = "v" },
        "multistr" => new List<object?> { "m1" },
        "multiint" => new List<object?> { 1, 2 },
        "ip" => Pick(["127.0.0.1", "::1"]),
        "hostname" => Pick(["example.org", "host"]),
        "uri" => "http://example.org/",
        _ => null,
    };

    private string Value(OptSpec o, bool cli)
    {
        if (Chance(0.15))
        {
            return Pick(["", "two", "maybe", "-1", "1e3", "x y", "$foo", "$$", "${grp.a}", "$nope", "\u00e9\u00e8", "a,b", "k:v,x:y", "[1,2]", " padded "]);
        }

        return o.Kind switch
        {
            "str" => Pick(["one", "two", "hello", "a$b", "quoted", "\u65e5\u672c"]),
            "int" or "multiint" => _r.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "float" => Pick(["1.5", "2", "-0.5", "3e2", "inf", "nan"]),
            "bool" => Pick(["true", "false", "yes", "no", "on", "off", "1", "0", "True"]),
            "port" => Pick(["80", "0", "65535", "65536", "8080"]),
            "list" => Pick(["a,b", "1, 2", "[x,y]", "", "a, ,b"]),
            "dict" => Pick(["a:1,b:2", "k:v", "x", "a:1,a:2", ""]),
            "multistr" => Pick(["m1", "m2", ""]),
            "ip" => Pick(["10.0.0.1", "::1", "999.1.1.1", "fe80::1"]),
            "hostname" => Pick(["example.org", "-bad", "a.b.c", "localhost", "x_y"]),
            "uri" => Pick(["http://h/", "ftp://x", "nota uri", "http://h:99/p"]),
            _ => "x",
        };
    }

    private string NextFile(List<OptSpec> opts)
    {
        var lines = new List<string>();
        if (Chance(0.03))
        {
            lines.Add("\ufeff[DEFAULT]");
        }

        int sections = _r.Next(1, 4);
        for (int s = 0; s < sections; s++)
        {
            string section = opts.Count > 0 && Chance(0.6) ? (Pick(opts).Group ?? "DEFAULT") : Pick(s_sections);
            if (Chance(0.05) && section != "DEFAULT")
            {
                section = section.ToUpperInvariant();
            }

            lines.Add($"[{section}]");
            int keys = _r.Next(0, 4);
            for (int k = 0; k < keys; k++)
            {
                if (Chance(0.1))
                {
                    lines.Add(Pick(["# comment", "; semi", ""]));
                }

                OptSpec? o = opts.Count > 0 && Chance(0.85) ? Pick(opts) : null;
                string key = o is null ? "unknown_key"
                    : Chance(0.15) && (o.DeprecatedName ?? o.DeprecatedOpts?.FirstOrDefault()?.Name) is { } old ? old
                    : Chance(0.1) ? o.Name
                    : o.Dest;
                string value = o is null ? "z" : Value(o, cli: false);
                string sep = Pick([" = ", "=", ": ", " : "]);
                if (Chance(0.08))
                {
                    value = Pick(["\"", "'"]) is var q ? q + value + q : value;
                }

                lines.Add(key + sep + value);
                if (Chance(0.06))
                {
                    lines.Add("  " + Pick(["cont", "more text", "# not a comment"]));
                }

                if (Chance(0.05))
                {
                    lines.Add(key + sep + (o is null ? "z" : Value(o, cli: false)));
                }
            }
        }

        if (Chance(0.03))
        {
            lines.Add(Pick(["garbage", "  orphan", "[unterminated", "[]", "= novalue"]));
        }

        return string.Join('\n', lines) + "\n";
    }

    private List<string> ShuffledPairs(List<string> args)
    {
        var pairs = new List<List<string>>();
        for (int i = 0; i < args.Count; i++)
        {
            bool takesValue = args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            pairs.Add(takesValue ? [args[i], args[++i]] : [args[i]]);
        }

        return [.. pairs.OrderBy(_ => _r.Next()).SelectMany(p => p)];
    }

    private bool Chance(double p) => _r.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];
}
