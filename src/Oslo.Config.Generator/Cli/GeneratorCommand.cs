using System.Globalization;
using System.Reflection;
using System.Text;

using Oslo.Config.Generator.Discovery;
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

    internal static readonly string[] Formats = ["ini", "json", "yaml", "rst"];

    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The options of oslo's <c>_generator_opts</c> (same names, help texts) plus <c>--assembly</c>.</summary>
    internal static ArgumentParser CreateParser() => new(
        Prog,
        "Writes a sample configuration file for the options of the given namespaces.",
        [
            new CliOption("output-file", "Path of the file to write to. Defaults to stdout."),
            new CliOption("wrap-width", "The maximum length of help lines.", Metavar: "WRAP_WIDTH"),
            new CliOption("namespace", "Option namespace under \"oslo.config.opts\" in which to query for options.", CliOptionKind.Multi),
            new CliOption("minimal", "Generate a minimal required configuration.", CliOptionKind.Flag),
            new CliOption("summarize", "Only output summaries of help text to config files. Retain longer help text for Sphinx documents.", CliOptionKind.Flag),
            new CliOption("format", "Desired format for the output.", Metavar: "FORMAT", Choices: Formats),
            new CliOption("assembly",
                "Path of a .NET assembly, or of a directory of them, searched for [assembly: OsloConfigOpts(...)] " +
                "namespaces in addition to the tool's own (the oslo.service namespaces). May be repeated.",
                CliOptionKind.Multi, "PATH"),
        ]);

    /// <summary>Runs the tool; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parser = CreateParser();
        ParsedArguments parsed;
        try
        {
            parsed = parser.Parse(args, ToolConfigFiles.ReadDefaults);
        }
        catch (CommandLineException e)
        {
            stderr.Write(parser.FormatUsage());
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 2;
        }
        catch (ConfigurationFileException e)
        {
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 1;
        }

        if (parsed.HelpRequested)
        {
            stdout.Write(parser.FormatHelp());
            return 0;
        }

        if (parsed.VersionRequested)
        {
            stdout.WriteLine(Version);
            return 0;
        }

        var namespaces = parsed.GetAll("namespace");
        if (namespaces.Count == 0)
        {
            // oslo prints the help and raises RequiredOptError.
            stderr.Write(parser.FormatHelp());
            stderr.WriteLine($"{Prog}: error: value required for option namespace in group [DEFAULT]");
            return 1;
        }

        int wrapWidth = 70;
        if (parsed.Get("wrap_width") is { } widthText &&
            (!int.TryParse(widthText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out wrapWidth) || wrapWidth < 0))
        {
            stderr.WriteLine($"argument --wrap-width ({parsed.Sources["wrap_width"]}): Invalid Integer(min=0, max=None) value: {widthText}");
            return 1;
        }

        string format = parsed.Get("format") ?? "ini";
        string? outputFile = parsed.Get("output_file");
        bool minimal = parsed.GetFlag("minimal");
        bool summarize = parsed.GetFlag("summarize");

        List<NamespaceOpts> listings;
        try
        {
            var catalog = OptsCatalog.Load(parsed.GetAll("assembly"));
            listings = SampleOptFactory.FromListings(catalog.List(namespaces));
        }
        catch (DiscoveryException e)
        {
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 1;
        }

        string output = format switch
        {
            "json" => PythonJsonWriter.Write(MachineReadableData.Build(listings, GeneratorOptions(parsed, format, outputFile, minimal, summarize, wrapWidth))) + "\n",
            "yaml" => YamlWriter.Write(MachineReadableData.Build(listings, GeneratorOptions(parsed, format, outputFile, minimal, summarize, wrapWidth))) + "\n",
            "rst" => RstWriter.Write(listings),
            _ => new IniSampleWriter(wrapWidth, minimal, summarize, warn: m => stderr.WriteLine($"WARNING:{Prog}:{m}")).Write(listings),
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

    private static string Version =>
        typeof(GeneratorCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GeneratorCommand).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>oslo's <c>dict(conf)</c> of the generator's own options, as the JSON/YAML formats record it.</summary>
    private static Dictionary<string, object?> GeneratorOptions(
        ParsedArguments parsed, string format, string? outputFile, bool minimal, bool summarize, int wrapWidth) => new()
        {
            ["config_dir"] = new List<object?>(parsed.ConfigDirs),
            ["config_file"] = new List<object?>(parsed.ConfigFiles),
            ["config_source"] = new List<object?>(),
            ["format_"] = format,
            ["minimal"] = minimal,
            ["namespace"] = new List<object?>(parsed.GetAll("namespace")),
            ["output_file"] = outputFile,
            ["summarize"] = summarize,
            ["wrap_width"] = wrapWidth,
        };
}