using System.Text.Json;

namespace Oslo.Config.DifferentialTests;

/// <summary>Runs a case through our <see cref="ConfigOpts"/> and renders the outcome the way the Python driver does.</summary>
public static class OurOslo
{
    public static Outcome Run(DiffCase c)
    {
        var conf = new ConfigOpts(null, name => c.Env.TryGetValue(name, out string? v) ? v : null);
        var opts = new List<(OptSpec Spec, Opt Opt)>();
        try
        {
            foreach (OptSpec spec in c.Opts)
            {
                Opt opt = Build(spec);
                opts.Add((spec, opt));
                OptGroup? group = spec.Group is null ? null : new OptGroup(spec.Group);
                if (spec.Cli)
                {
                    conf.RegisterCliOpt(opt, group);
                }
                else
                {
                    conf.RegisterOpt(opt, group);
                }
            }
        }
        catch (Exception e) when (e is OsloConfigException or ArgumentException)
        {
            return new Outcome(ErrorText(e), new Dictionary<string, string>());
        }

        try
        {
            conf.Parse(c.Args, prog: "prog", defaultConfigFiles: [], defaultConfigDirs: [],
                validateDefaultValues: c.ValidateDefaultValues);
        }
        catch (CommandLineExitException e)
        {
            string[] lines = e.Output.Trim().Split('\n');
            string[] errors = [.. lines.Where(l => l.Contains(": error: ", StringComparison.Ordinal))];
            string text = errors.Length > 0 ? errors[^1] : string.Join("\\n", lines);
            return new Outcome($"EXIT {e.ExitCode}: {text}", new Dictionary<string, string>());
        }
        catch (Exception e) when (e is OsloConfigException or ArgumentException)
        {
            return new Outcome(ErrorText(e), new Dictionary<string, string>());
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((OptSpec spec, Opt opt) in opts)
        {
            try
            {
                values[spec.Key] = "V " + PyRepr.Repr(conf.GetValue(opt.Dest, spec.Group));
            }
            catch (Exception e) when (e is OsloConfigException or ArgumentException)
            {
                values[spec.Key] = "E " + ErrorText(e);
            }
        }

        return new Outcome(null, values);
    }

    /// <summary>Our exception as oslo's <c>Type: message</c>.</summary>
    public static string ErrorText(Exception e) => $"{OsloName(e)}: {e.Message}";

    private static string OsloName(Exception e) => e switch
    {
        ConfigFileValueException => "ConfigFileValueError",
        ConfigSourceValueException => "ConfigSourceValueError",
        DefaultValueException => "DefaultValueError",
        ConfigValueException => "ValueError",
        RequiredOptException => "RequiredOptError",
        TemplateSubstitutionException => "TemplateSubstitutionError",
        ConfigFileParseException => "ConfigFileParseError",
        ConfigFilesNotFoundException => "ConfigFilesNotFoundError",
        ConfigDirNotFoundException => "ConfigDirNotFoundError",
        DuplicateOptException => "DuplicateOptError",
        NoSuchOptException => "NoSuchOptError",
        NoSuchGroupException => "NoSuchGroupError",
        ArgumentException => "ValueError",
        _ => e.GetType().Name,
    };

    private static Opt Build(OptSpec s)
    {
        IReadOnlyList<DeprecatedOpt>? deprecatedOpts = s.DeprecatedOpts?.Select(d => new DeprecatedOpt(d.Name, d.Group)).ToList();
        int? imin = s.Min is { } a ? (int)a : null;
        int? imax = s.Max is { } b ? (int)b : null;
        return s.Kind switch
        {
            "str" => new StrOpt(s.Name, @default: Str(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts,
                choices: s.Choices?.Select(x => (Choice<string?>)x).ToList(), maxLength: s.MaxLength),
            "int" => new IntOpt(s.Name, @default: Int(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts, min: imin, max: imax),
            "float" => new FloatOpt(s.Name, @default: Float(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts, min: s.Min, max: s.Max),
            "bool" => new BoolOpt(s.Name, @default: Bool(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "port" => new PortOpt(s.Name, @default: Int(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "list" when s.ItemType == "int" => new ListOpt<int?>(s.Name, @default: List(s.Default)?.Select(x => (int?)Convert.ToInt32(x, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                required: s.Required, deprecatedName: s.DeprecatedName, deprecatedGroup: s.DeprecatedGroup,
                deprecatedOpts: deprecatedOpts, itemType: new IntegerType(), bounds: s.Bounds),
            "list" => new ListOpt(s.Name, @default: List(s.Default)?.Select(x => (string?)x?.ToString()).ToList(), required: s.Required,
                deprecatedName: s.DeprecatedName, deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts, bounds: s.Bounds),
            "dict" => new DictOpt(s.Name, @default: Dict(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "multistr" => new MultiStrOpt(s.Name, @default: List(s.Default)?.Select(x => (string?)x?.ToString()).ToList(), required: s.Required,
                deprecatedName: s.DeprecatedName, deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "multiint" => new MultiOpt<int?>(s.Name, @default: List(s.Default)?.Select(x => (int?)Convert.ToInt32(x, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                required: s.Required, deprecatedName: s.DeprecatedName, deprecatedGroup: s.DeprecatedGroup,
                deprecatedOpts: deprecatedOpts, itemType: new IntegerType()),
            "ip" => new IPOpt(s.Name, @default: Str(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "hostname" => new HostnameOpt(s.Name, @default: Str(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            "uri" => new URIOpt(s.Name, @default: Str(s.Default), required: s.Required, deprecatedName: s.DeprecatedName,
                deprecatedGroup: s.DeprecatedGroup, deprecatedOpts: deprecatedOpts),
            _ => throw new ArgumentException("unknown kind " + s.Kind),
        };
    }

    private static string? Str(object? v) => v?.ToString();

    private static int? Int(object? v) => v is null ? null : Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture);

    private static double? Float(object? v) => v is null ? null : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);

    private static bool? Bool(object? v) => v is null ? null : (bool)v;

    private static IReadOnlyList<object?>? List(object? v) => (IReadOnlyList<object?>?)v;

    private static IReadOnlyDictionary<string, string?>? Dict(object? v) => (IReadOnlyDictionary<string, string?>?)v;
}
