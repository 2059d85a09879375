namespace Oslo.Service.Launching;

/// <summary>Parsing and validation of <see cref="RestartMethod"/> with oslo's names and error text.</summary>
public static class RestartMethods
{
    /// <summary>oslo's accepted names, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["reload", "mutate"];

    /// <summary>Parses oslo's <c>'reload'</c> or <c>'mutate'</c>.</summary>
    /// <exception cref="ArgumentException">"Invalid restart_method: {value}" for anything else (oslo's ValueError).</exception>
    public static RestartMethod Parse(string value) => value switch
    {
        "reload" => RestartMethod.Reload,
        "mutate" => RestartMethod.Mutate,
        _ => throw InvalidRestartMethod(value),
    };

    /// <summary>Throws oslo's error for a value outside the enum (e.g. <c>(RestartMethod)7</c>).</summary>
    /// <exception cref="ArgumentException">"Invalid restart_method: {value}".</exception>
    public static RestartMethod Validate(RestartMethod value) =>
        Enum.IsDefined(value) ? value : throw InvalidRestartMethod(value.ToString());

    /// <summary>oslo's name of a restart method.</summary>
    public static string ToOsloName(this RestartMethod value) => Validate(value) == RestartMethod.Reload ? "reload" : "mutate";

    private static ArgumentException InvalidRestartMethod(string? value) =>
        new($"Invalid restart_method: {value}", "restartMethod");
}
