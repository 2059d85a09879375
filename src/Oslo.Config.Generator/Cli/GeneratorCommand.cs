using System.Text;

using Oslo.Config.Discovery;
using Oslo.Config.Generator.Formatting;
using Oslo.Config.Generator.Model;

namespace Oslo.Config.Generator.Cli;

/// <summary>
/// <c>oslo-config-generator</c>: lists the options of the given namespaces and writes a sample config file (INI,
/// byte-identical to oslo's), or the same data as JSON, YAML or reStructuredText.
/// </summary>
internal static class GeneratorCommand
{
    public const string Prog = "oslo-config-generator";

    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>oslo's <c>_generator_opts</c> (same names, defaults and help texts) plus <c>--assembly</c>.</summary>
    internal static Opt[] CreateOpts() =>
    [
        new StrOpt("output-file", help: "Path of the file to write to. Defaults to stdout."),
        new IntOpt("wrap-width", @default: 70, min: 0, help: "The maximum length of help lines."),
        new MultiStrOpt("namespace", required: true,
            help: "Option namespace under \"oslo.config.opts\" in which to query for options."),
        new BoolOpt("minimal", @default: false, help: "Generate a minimal required configuration."),
        new BoolOpt("summarize", @default: false,
            help: "Only output summaries of help text to config files. Retain longer help text for Sphinx documents."),
        new StrOpt("format", @default: "ini", dest: "format_", help: "Desired format for the output.",
            choices:
            [
                ("ini", "The only format that can be used directly with oslo.config."),
                ("json", "Intended for third-party tools that want to write config files based on the sample config data."),
                ("yaml", "Same as json"),
                ("rst", "Can be used to dump the text given to Sphinx when building documentation using the Sphinx extension. Useful for debugging,"),
            ]),
        new MultiStrOpt("assembly", metavar: "PATH",
            help: "Path of a .NET assembly, or of a directory of them, searched for [assembly: OsloConfigOpts(...)] " +
                  "namespaces in addition to the tool's own (the oslo.service namespaces). May be repeated."),
    ];

    /// <summary>Runs the tool; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (ToolConfig.Parse(Prog, CreateOpts(), args, stdout, stderr, out int exitCode) is not { } conf)
        {
            return exitCode;
        }

        var namespaces = ToolConfig.GetAll(conf, "namespace");
        int wrapWidth = conf.GetValue<int?>("wrap_width") ?? 70;
        string format = conf.GetValue<string>("format_") ?? "ini";
        string? outputFile = conf.GetValue<string>("output_file");
        bool minimal = conf.GetValue<bool?>("minimal") ?? false;
        bool summarize = conf.GetValue<bool?>("summarize") ?? false;

        List<NamespaceOpts> listings;
        try
        {
            var catalog = OptsCatalog.Load(ToolConfig.GetAll(conf, "assembly"));
            listings = SampleOptFactory.FromListings(catalog.List(namespaces));
        }
        catch (DiscoveryException e)
        {
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 1;
        }

        string output = format switch
        {
            "json" => PythonJsonWriter.Write(MachineReadableData.Build(listings, GeneratorOptions(conf, namespaces, format, outputFile, minimal, summarize, wrapWidth))) + "\n",
            "yaml" => YamlWriter.Write(MachineReadableData.Build(listings, GeneratorOptions(conf, namespaces, format, outputFile, minimal, summarize, wrapWidth))) + "\n",
            "rst" => RstWriter.Write(listings),
            _ => new IniSampleWriter(wrapWidth, minimal, summarize, warn: m => stderr.WriteLine($"WARNING:oslo_config.generator:{m}")).Write(listings),
        };

        if (outputFile is null)
        {
            stdout.Write(output);
            stdout.Flush();
            return 0;
        }

        try
        {
            File.WriteAllText(outputFile, output, s_utf8NoBom);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{Prog}: error: cannot write {outputFile}: {e.Message}");
            return 1;
        }

        return 0;
    }

    /// <summary>oslo's <c>dict(conf)</c> of the generator's own options, as the JSON/YAML formats record it.</summary>
    private static Dictionary<string, object?> GeneratorOptions(ConfigOpts conf, IReadOnlyList<string> namespaces,
        string format, string? outputFile, bool minimal, bool summarize, int wrapWidth) => new()
        {
            ["config_dir"] = new List<object?>(conf.ConfigDirs),
            ["config_file"] = new List<object?>(conf.ConfigFiles),
            ["config_source"] = new List<object?>(),
            ["format_"] = format,
            ["minimal"] = minimal,
            ["namespace"] = new List<object?>(namespaces),
            ["output_file"] = outputFile,
            ["summarize"] = summarize,
            ["wrap_width"] = wrapWidth,
        };
}
