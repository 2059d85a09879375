using System.Text.Json;

namespace Oslo.Service.Control;

/// <summary>One <c>oslo-ctl</c> request: a command and its arguments.</summary>
/// <param name="Command">The command (status, reload, scale, recycle, stop, stacks, config).</param>
/// <param name="Args">Its arguments.</param>
internal sealed record ControlRequest(string Command, IReadOnlyList<string> Args)
{
    /// <summary>Reads <c>{"command": "...", "args": ["..."]}</c>.</summary>
    /// <exception cref="JsonException">Not that shape.</exception>
    internal static ControlRequest Parse(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("command", out JsonElement command) || command.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("expected {\"command\": \"...\", \"args\": [...]}");
        }

        var args = new List<string>();
        if (root.TryGetProperty("args", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            args.AddRange(list.EnumerateArray().Select(a => a.ToString()));
        }

        return new ControlRequest(command.GetString()!, args);
    }

    /// <summary>The request as a log shows it.</summary>
    internal string Describe() => Args.Count == 0 ? Command : Command + " " + string.Join(' ', Args);
}
