using Oslo.Config.Discovery;
using Oslo.Config.Ini;
using Oslo.Config.Validation;

namespace Oslo.Config.Validator.Cli;

/// <summary>
/// <c>oslo-config-validator</c>: checks config files against the options of the given namespaces and reports each
/// problem with its file and line. Exit 0 when clean (warnings allowed unless <c>--fatal-warnings</c>), 1 when not,
/// 2 on a command-line error.
/// </summary>
internal static class ValidatorCommand
{
    public const string Prog = "oslo-config-validator";

    /// <summary>oslo's <c>_validator_opts</c> that apply here (same names and help texts) plus <c>--assembly</c>.</summary>
    internal static Opt[] CreateOpts() =>
    [
        new MultiStrOpt("namespace", required: true,
            help: "Option namespace under \"oslo.config.opts\" in which to query for options."),
        new MultiStrOpt("input-file", required: true,
            help: "Config file to validate. May be repeated; the files are checked together."),
        new BoolOpt("fatal-warnings", @default: false, help: "Report failure if any warnings are found."),
        new MultiStrOpt("exclude-group",
            help: "Groups that should not be validated if they are present in the specified input-file. This may be " +
                  "necessary for dynamically named groups which do not appear in the sample config data."),
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

        var inputFiles = ToolConfig.GetAll(conf, "input_file");
        var namespaces = ToolConfig.GetAll(conf, "namespace");

        ConfigValidator validator;
        try
        {
            var catalog = OptsCatalog.Load(ToolConfig.GetAll(conf, "assembly"));
            validator = new ConfigValidator(catalog.List(namespaces).SelectMany(l => l.Groups), ToolConfig.GetAll(conf, "exclude_group"));
        }
        catch (DiscoveryException e)
        {
            stderr.WriteLine($"{Prog}: error: {e.Message}");
            return 1;
        }

        var documents = new List<IniDocument>();
        var parseErrors = new List<Finding>();
        foreach (string file in inputFiles)
        {
            string path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                stderr.WriteLine($"{Prog}: error: Failed to find some config files: {file}");
                return 1;
            }

            try
            {
                documents.Add(IniParser.ParseFile(path));
            }
            catch (ConfigFileParseException e)
            {
                // A file that does not parse is one error; the other files are still checked.
                parseErrors.Add(new Finding(FindingSeverity.Error, e.ConfigFile, e.LineNumber, e.Message, FindingRule.Syntax));
            }
            catch (Exception e) when (e is ConfigFileReadException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"{Prog}: error: {e.Message}");
                return 1;
            }
        }

        var findings = parseErrors.Concat(validator.Validate(documents)).ToList();
        foreach (var finding in findings)
        {
            stdout.WriteLine(finding.ToString());
        }

        int errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        int warnings = findings.Count - errors;
        stdout.WriteLine($"{inputFiles.Count} file(s) checked: {errors} error(s), {warnings} warning(s)");
        bool fatalWarnings = conf.GetValue<bool?>("fatal_warnings") ?? false;
        return errors > 0 || (warnings > 0 && fatalWarnings) ? 1 : 0;
    }
}
