using System.Globalization;
using System.Text;

namespace Oslo.Service.Backdoor.Binding;

/// <summary>
/// oslo's <c>backdoor_socket.format(pid=os.getpid())</c>: Python's <c>str.format</c> with one named field. <c>{pid}</c>
/// becomes the process id, <c>{{</c> and <c>}}</c> a brace; anything Python would reject (<c>{}</c>, <c>{0}</c>,
/// <c>{other}</c>, an unbalanced brace) makes the whole path be used unformatted, with oslo's warning.
/// </summary>
public static class SocketPathFormat
{
    /// <summary>Formats the path.</summary>
    /// <param name="path">The configured <c>backdoor_socket</c>.</param>
    /// <param name="pid">The process id.</param>
    /// <param name="formatted">The formatted path, or null when the format is invalid.</param>
    /// <returns>True when the format was valid.</returns>
    public static bool TryFormat(string path, int pid, out string? formatted)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = new StringBuilder(path.Length + 8);
        formatted = null;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '{')
            {
                if (i + 1 < path.Length && path[i + 1] == '{')
                {
                    builder.Append('{');
                    i++;
                    continue;
                }

                int close = path.IndexOf('}', i + 1);
                if (close < 0 || path[(i + 1)..close] != "pid")
                {
                    return false;
                }

                builder.Append(pid.ToString(CultureInfo.InvariantCulture));
                i = close;
            }
            else if (c == '}')
            {
                if (i + 1 < path.Length && path[i + 1] == '}')
                {
                    builder.Append('}');
                    i++;
                    continue;
                }

                return false;
            }
            else
            {
                builder.Append(c);
            }
        }

        formatted = builder.ToString();
        return true;
    }
}
