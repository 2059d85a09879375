using System.Buffers;
using System.Globalization;

using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>
/// The line <c>AddSimpleConsole</c> writes with <c>SingleLine = true</c> and a <c>yyyy-MM-dd HH:mm:ss.fff </c>
/// timestamp — <c>2026-11-25 17:50:05.768 info: Category[4000] message exception</c> — with the level coloured as it
/// colours it on a terminal, built into a pooled buffer without intermediate strings.
/// </summary>
internal sealed class SingleLineFormat
{
    private const string DefaultForeground = "\x1B[39m\x1B[22m";
    private const string DefaultBackground = "\x1B[49m";

    private readonly bool _colors;
    private readonly TimeProvider _time;
    private TimestampCache _timestamp = new(long.MinValue, "");

    internal SingleLineFormat(bool colors, TimeProvider time)
    {
        _colors = colors;
        _time = time;
    }

    /// <summary>Builds the line (ending with <c>\n</c>) and queues it on <paramref name="writer"/>.</summary>
    internal void Write(LogLevel level, string category, int eventId, string? message, Exception? exception, LogLineWriter writer)
    {
        string? exceptionText = exception?.ToString();
        int most = 64 + 40 + category.Length + (message?.Length ?? 0) + (exceptionText?.Length ?? 0);
        char[] rented = ArrayPool<char>.Shared.Rent(most);
        try
        {
            Span<char> line = rented;
            int at = WriteTimestamp(line);
            (string name, string? background, string? foreground) = Level(level);
            if (_colors && background is not null && foreground is not null)
            {
                at = Append(line, at, background);
                at = Append(line, at, foreground);
                at = Append(line, at, name);
                at = Append(line, at, DefaultForeground);
                at = Append(line, at, DefaultBackground);
            }
            else
            {
                at = Append(line, at, name);
            }

            at = Append(line, at, ": ");
            at = Append(line, at, category);
            line[at++] = '[';
            eventId.TryFormat(line[at..], out int digits, default, CultureInfo.InvariantCulture);
            at += digits;
            line[at++] = ']';
            at = AppendOnOneLine(line, at, message);
            at = AppendOnOneLine(line, at, exceptionText);
            line[at++] = '\n';
            writer.Write(new string(line[..at]));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The level's four letters and, as the built-in formatter, its background and foreground colours.</summary>
    internal static (string Name, string? Background, string? Foreground) Level(LogLevel level) => level switch
    {
        LogLevel.Trace => ("trce", "\x1B[40m", "\x1B[37m"),
        LogLevel.Debug => ("dbug", "\x1B[40m", "\x1B[37m"),
        LogLevel.Information => ("info", "\x1B[40m", "\x1B[32m"),
        LogLevel.Warning => ("warn", "\x1B[40m", "\x1B[1m\x1B[33m"),
        LogLevel.Error => ("fail", "\x1B[41m", "\x1B[30m"),
        LogLevel.Critical => ("crit", "\x1B[41m", "\x1B[1m\x1B[37m"),
        _ => ("none", null, null),
    };

    /// <summary>As the built-in formatter: colours on a terminal, or when redirection is allowed to carry them.</summary>
    internal static bool EmitsColors()
    {
        string? allow = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION");
        if (allow is not null && (allow == "1" || allow.Equals("true", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    }

    /// <summary>"yyyy-MM-dd HH:mm:ss.fff ": the text up to the seconds is formatted once a second.</summary>
    private int WriteTimestamp(Span<char> line)
    {
        DateTimeOffset now = _time.GetLocalNow();
        long second = now.Ticks / TimeSpan.TicksPerSecond;
        TimestampCache cache = _timestamp;
        if (cache.Second != second)
        {
            cache = new TimestampCache(second, now.ToString("yyyy-MM-dd HH:mm:ss.", CultureInfo.InvariantCulture));
            _timestamp = cache;
        }

        int at = Append(line, 0, cache.Text);
        int millisecond = now.Millisecond;
        line[at++] = (char)('0' + (millisecond / 100));
        line[at++] = (char)('0' + (millisecond / 10 % 10));
        line[at++] = (char)('0' + (millisecond % 10));
        line[at++] = ' ';
        return at;
    }

    private static int Append(Span<char> line, int at, string text)
    {
        text.CopyTo(line[at..]);
        return at + text.Length;
    }

    private static int AppendOnOneLine(Span<char> line, int at, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return at;
        }

        line[at++] = ' ';
        foreach (char c in text)
        {
            // "\r\n" becomes one space, as the built-in formatter's Replace(NewLine, " ") does on Linux for "\n".
            if (c == '\r')
            {
                continue;
            }

            line[at++] = c == '\n' ? ' ' : c;
        }

        return at;
    }

    private sealed record TimestampCache(long Second, string Text);
}
