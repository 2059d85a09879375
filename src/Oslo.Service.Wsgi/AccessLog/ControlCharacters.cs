using System.Buffers;
using System.Globalization;
using System.Text;

namespace Oslo.Service.Wsgi.AccessLog;

/// <summary>
/// Makes client-sent text safe for a log line the way Python's <c>http.server</c> does for the messages of
/// eventlet's <c>HttpProtocol</c> (<c>_control_char_table</c>): C0 controls, DEL and the C1 controls U+0080–U+009F
/// become <c>\xHH</c>, and a backslash becomes <c>\\</c>, so a client cannot move a terminal's cursor, recolour or
/// clear it (ESC, CSI), and cannot forge an escape by sending its text.
/// </summary>
internal static class ControlCharacters
{
    private static readonly SearchValues<char> s_escaped = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)) + "\\");

    /// <summary><paramref name="text"/> itself when it holds nothing to escape (the common case, no allocation).</summary>
    internal static string Escape(string text)
    {
        int first = text.AsSpan().IndexOfAny(s_escaped);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        foreach (char c in text.AsSpan(first))
        {
            if (c == '\\')
            {
                escaped.Append(@"\\");
            }
            else if (c < 0x20 || c is >= '\u007f' and <= '\u009f')
            {
                escaped.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
