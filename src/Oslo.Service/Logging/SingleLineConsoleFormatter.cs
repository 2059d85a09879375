using System.Globalization;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Oslo.Service.Logging;

/// <summary>
/// The line <c>AddSimpleConsole</c> writes with <c>SingleLine = true</c> and a <c>yyyy-MM-dd HH:mm:ss.fff </c>
/// timestamp — <c>2026-11-25 17:50:05.768 info: Category[4000] message exception</c> — with the level coloured as
/// it colours it on a terminal. The built-in formatter cannot be created without a container (it is internal).
/// </summary>
internal sealed class SingleLineConsoleFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name.</summary>
    internal const string FormatterName = "oslo-single-line";

    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
    private const string DefaultForeground = "\x1B[39m\x1B[22m";
    private const string DefaultBackground = "\x1B[49m";

    private readonly bool _colors;

    internal SingleLineConsoleFormatter()
        : this(EmitsColors())
    {
    }

    internal SingleLineConsoleFormatter(bool colors)
        : base(FormatterName)
    {
        _colors = colors;
    }

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        textWriter.Write(DateTimeOffset.Now.ToString(TimestampFormat, CultureInfo.CurrentCulture));
        (string level, string? background, string? foreground) = Level(logEntry.LogLevel);
        if (_colors && background is not null && foreground is not null)
        {
            textWriter.Write(background);
            textWriter.Write(foreground);
            textWriter.Write(level);
            textWriter.Write(DefaultForeground);
            textWriter.Write(DefaultBackground);
        }
        else
        {
            textWriter.Write(level);
        }

        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write(']');
        WriteOnOneLine(textWriter, message);
        WriteOnOneLine(textWriter, logEntry.Exception?.ToString());
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteOnOneLine(TextWriter textWriter, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            textWriter.Write(' ');
            textWriter.Write(text.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }
    }

    /// <summary>The level's four letters and, as the built-in formatter, its background and foreground colours.</summary>
    private static (string Level, string? Background, string? Foreground) Level(LogLevel level) => level switch
    {
        LogLevel.Trace => ("trce", "\x1B[40m", "\x1B[37m"),
        LogLevel.Debug => ("dbug", "\x1B[40m", "\x1B[37m"),
        LogLevel.Information => ("info", "\x1B[40m", "\x1B[32m"),
        LogLevel.Warning => ("warn", "\x1B[40m", "\x1B[1m\x1B[33m"),
        LogLevel.Error => ("fail", "\x1B[41m", "\x1B[30m"),
        LogLevel.Critical => ("crit", "\x1B[41m", "\x1B[1m\x1B[37m"),
        _ => (level.ToString(), null, null),
    };

    /// <summary>As the built-in formatter: colours on a terminal, or when redirection is allowed to carry them.</summary>
    private static bool EmitsColors()
    {
        string? allow = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION");
        if (allow is not null && (allow == "1" || allow.Equals("true", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    }
}
