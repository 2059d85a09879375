using Oslo.Config.Generator.Cli;
using Oslo.Config.Ini;
using Oslo.Config.Generator.Discovery;
using Oslo.Config.Validator.Validation;

namespace Oslo.Config.Validator.Cli;

/// <summary>
/// <c>oslo-config-validator</c>: checks config files against the options of the given namespaces and reports each
/// problem with its file and line. Exit 0 when clean (warnings allowed unless <c>--fatal-warnings</c>), 1 when not,
/// 2 on a command-line error.
/// </summary>
internal static class ValidatorCommand
{
    public const string Prog = "oslo-config-validator";

    internal static ArgumentParser CreateParser() => new(
        Prog,
        "Checks configuration files against the options of the given namespaces.",
        [
            new CliOption("namespace", "Option namespace under \"oslo.config.opts\" in which to query for options.", CliOptionKind.Multi),
            new CliOption("input-file", "Config file to validate. May be repeated; the files are checked together.", CliOptionKind.Multi),
            new CliOption("fatal-warnings", "Report failure if any warnings are found.", CliOptionKind.Flag),
            new CliOption("exclude-group",
                "Groups that should not be validated if they are present in the specified input-file. This may be " +
                "necessary for dynamically named groups which do not appear in the sample config data.",
                CliOptionKind.Multi),
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

        var inputFiles = parsed.GetAll("input_file");
        var namespaces = parsed.GetAll("namespace");
        if (inputFiles.Count == 0 || namespaces.Count == 0)
        {
            stderr.Write(parser.FormatHelp());
            stderr.WriteLine($"{Prog}: error: value required for option {(inputFiles.Count == 0 ? "input_file" : "namespace")} in group [DEFAULT]");
            return 1;
        }

        ConfigValidator validator;
        try
        {
            var catalog = OptsCatalog.Load(parsed.GetAll("assembly"));
            validator = new ConfigValidator(catalog.List(namespaces).SelectMany(l => l.Groups), parsed.GetAll("exclude_group"));
        }
        catch (DiscoveryException e)
        {
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 1;
        }

        var documents = new List<(IniDocument, string)>();
        foreach (string file in inputFiles)
        {
            string path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                stderr.WriteLine($"{Prog}: error: Failed to find some config files: {file}");
                return 1;
            }

            string text = File.ReadAllText(path);
            try
            {
                documents.Add((IniParser.Parse(path, text), text));
            }
            catch (ConfigFileParseException e)
            {
                // The parser's message already carries "at FILE:LINE".
                stdout.WriteLine($"ERROR: {e.Message}");
                stdout.WriteLine($"{inputFiles.Count} file(s) checked: 1 error(s), 0 warning(s)");
                return 1;
            }
        }

        var findings = validator.Validate(documents);
        foreach (var finding in findings)
        {
            stdout.WriteLine(finding.ToString());
        }

        int errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        int warnings = findings.Count - errors;
        stdout.WriteLine($"{inputFiles.Count} file(s) checked: {errors} error(s), {warnings} warning(s)");
        bool fatalWarnings = parsed.GetFlag("fatal_warnings");
        return errors > 0 || (warnings > 0 && fatalWarnings) ? 1 : 0;
    }
}