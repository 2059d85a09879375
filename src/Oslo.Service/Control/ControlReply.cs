using System.Text.Json;

namespace Oslo.Service.Control;

/// <summary>The answer to one request: whether it worked, the result line, and data for <c>--json</c> and the tool.</summary>
/// <param name="Ok">Whether the command succeeded.</param>
/// <param name="Message">The one-line result an operator reads.</param>
/// <param name="Data">Writes the command's data (an array or object), if it has any.</param>
internal sealed record ControlReply(bool Ok, string Message, Action<Utf8JsonWriter>? Data = null)
{
    /// <summary>A failure with its reason.</summary>
    internal static ControlReply Fail(string message) => new(false, message);

    /// <summary><c>{"ok": …, "message": …, "data": …}</c> and a newline.</summary>
    internal byte[] ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", Ok);
            json.WriteString("message", Message);
            if (Data is not null)
            {
                json.WritePropertyName("data");
                Data(json);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
