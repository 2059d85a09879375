using System.Globalization;
using System.Text;

using BenchmarkDotNet.Attributes;

using Oslo.Config;

namespace Oslo.Bench.Config;

/// <summary>
/// Parse-and-resolve and reload of a generated config file with 1,000 options in 50 groups (20 per group:
/// strings, integers, booleans and lists), registered on one <see cref="ConfigOpts"/>.
/// </summary>
public class ConfigBenchmarks
{
    /// <summary>Number of groups in the generated file.</summary>
    public const int Groups = 50;

    /// <summary>Options per group.</summary>
    public const int OptsPerGroup = 20;

    private string _dir = "";
    private string _file = "";
    private ConfigOpts _conf = new();
    private List<(string Name, string Group)> _names = [];

    /// <summary>Writes the file and registers the options.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "oslo-bench-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _file = Path.Combine(_dir, "bench.conf");
        _conf = new ConfigOpts(null, _ => null);
        _names = [];
        var text = new StringBuilder();
        for (int g = 0; g < Groups; g++)
        {
            string group = "group" + g.ToString(CultureInfo.InvariantCulture);
            text.Append('[').Append(group).Append("]\n");
            var opts = new List<Opt>();
            for (int o = 0; o < OptsPerGroup; o++)
            {
                string name = "opt" + o.ToString(CultureInfo.InvariantCulture);
                _names.Add((name, group));
                text.Append("# option ").Append(name).Append('\n');
                switch (o % 4)
                {
                    case 0:
                        opts.Add(new StrOpt(name, @default: "x", help: "A string."));
                        text.Append(name).Append(" = value ").Append(g).Append('-').Append(o).Append('\n');
                        break;
                    case 1:
                        opts.Add(new IntOpt(name, @default: 1, min: 0, max: 100000, help: "An integer."));
                        text.Append(name).Append(" = ").Append((g * 100) + o).Append('\n');
                        break;
                    case 2:
                        opts.Add(new BoolOpt(name, @default: false, help: "A flag."));
                        text.Append(name).Append(" = true\n");
                        break;
                    default:
                        opts.Add(new ListOpt(name, help: "A list.", mutable: true));
                        text.Append(name).Append(" = a, b, c\n");
                        break;
                }
            }

            _conf.RegisterOpts(opts, new OptGroup(group));
            text.Append('\n');
        }

        File.WriteAllText(_file, text.ToString());
        _conf.Parse(["--config-file", _file], prog: "bench", defaultConfigFiles: [], defaultConfigDirs: []);
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>Parses the command line and the file, then reads (converts) every option.</summary>
    [Benchmark]
    public int ParseAndResolve()
    {
        _conf.Parse(["--config-file", _file], prog: "bench", defaultConfigFiles: [], defaultConfigDirs: []);
        return ResolveAll();
    }

    /// <summary>Reloads the file (re-read, re-parse, required checks, atomic swap).</summary>
    [Benchmark]
    public bool Reload() => _conf.ReloadConfigFiles();

    /// <summary>Reads every option; returns how many have a value.</summary>
    public int ResolveAll()
    {
        int count = 0;
        foreach ((string name, string group) in _names)
        {
            if (_conf.GetValue(name, group) is not null)
            {
                count++;
            }
        }

        return count;
    }
}
