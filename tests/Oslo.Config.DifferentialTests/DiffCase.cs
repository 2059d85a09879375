using System.Text.Json.Serialization;

namespace Oslo.Config.DifferentialTests;

/// <summary>One option definition of a case, in oslo's keyword names (the driver passes them to oslo as they are).</summary>
public sealed record OptSpec
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("cli")] public bool Cli { get; init; }
    [JsonPropertyName("default")] public object? Default { get; init; }
    [JsonPropertyName("required")] public bool? Required { get; init; }
    [JsonPropertyName("deprecated_name")] public string? DeprecatedName { get; init; }
    [JsonPropertyName("deprecated_group")] public string? DeprecatedGroup { get; init; }
    [JsonPropertyName("deprecated_opts")] public IReadOnlyList<DeprecatedSpec>? DeprecatedOpts { get; init; }
    [JsonPropertyName("choices")] public IReadOnlyList<string>? Choices { get; init; }
    [JsonPropertyName("max_length")] public int? MaxLength { get; init; }
    [JsonPropertyName("min")] public double? Min { get; init; }
    [JsonPropertyName("max")] public double? Max { get; init; }
    [JsonPropertyName("item_type")] public string? ItemType { get; init; }
    [JsonPropertyName("bounds")] public bool Bounds { get; init; }

    [JsonIgnore] public string Dest => Name.Replace('-', '_');

    [JsonIgnore] public string Key => (Group ?? "DEFAULT") + "." + Dest;
}

/// <summary>oslo's <c>DeprecatedOpt(name, group)</c>.</summary>
public sealed record DeprecatedSpec([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("group")] string? Group);

/// <summary>A config file of a case: a path relative to the case directory and its text.</summary>
public sealed record FileSpec(string Path, string Text);

/// <summary>
/// One differential case: options, files (written under <see cref="Dir"/> before both sides run), the command line
/// (file paths already absolute) and the <c>OS_*</c> environment.
/// </summary>
public sealed record DiffCase
{
    [JsonPropertyName("opts")] public required IReadOnlyList<OptSpec> Opts { get; init; }
    [JsonPropertyName("args")] public required IReadOnlyList<string> Args { get; init; }
    [JsonPropertyName("env")] public required IReadOnlyDictionary<string, string> Env { get; init; }
    [JsonPropertyName("validate_default_values")] public bool ValidateDefaultValues { get; init; }
    [JsonIgnore] public IReadOnlyList<FileSpec> Files { get; init; } = [];
    [JsonPropertyName("dir")] public string Dir { get; init; } = "";

    /// <summary>The case as a reader would write it down (printed for a failure).</summary>
    public string Describe()
    {
        var sb = new System.Text.StringBuilder();
        foreach (OptSpec o in Opts)
        {
            sb.AppendLine("opt: " + System.Text.Json.JsonSerializer.Serialize(o, CaseJson.Options));
        }

        foreach (FileSpec f in Files)
        {
            sb.AppendLine($"file {f.Path}:");
            foreach (string line in f.Text.Split('\n'))
            {
                sb.AppendLine("  | " + line);
            }
        }

        sb.AppendLine("args: " + string.Join(' ', Args.Select(a => a.Replace(Dir, "$DIR", StringComparison.Ordinal))));
        foreach (var (k, v) in Env)
        {
            sb.AppendLine($"env: {k}={v}");
        }

        if (ValidateDefaultValues)
        {
            sb.AppendLine("validate_default_values=True");
        }

        return sb.ToString();
    }
}

/// <summary>What one side made of a case: a parse-level outcome (null when the parse succeeded) and each option's value or error.</summary>
public sealed record Outcome(string? Parse, IReadOnlyDictionary<string, string> Values);

internal static class CaseJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
