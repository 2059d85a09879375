using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>
/// A console logger for services under heavy load: the same one-line format as <c>AddSimpleConsole</c> with
/// <c>SingleLine = true</c> (<c>2026-11-25 17:50:05.768 info: Category[4000] message exception</c>), written to
/// standard output by a background thread many lines per <c>write(2)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The built-in console provider takes a lock and signals its writer thread for every line, and its writer makes one
/// <c>write(2)</c> per line. With an access log line per request, that halved the requests per second of an HTTP
/// worker (docs/operations.md, "Access log cost"). This provider formats the line on the caller's thread into a
/// pooled buffer, appends its UTF-8 bytes to a shared batch and wakes the writer only when it sleeps.
/// </para>
/// <para>
/// No line is dropped: when a megabyte is waiting (a reader that does not keep up), callers wait, as with the
/// built-in provider's default queue mode. <see cref="Dispose"/> and <see cref="Flush"/> write everything queued;
/// disposing the logger factory disposes the provider. Scopes are not written (the built-in single-line format
/// writes them only when <c>IncludeScopes</c> is set).
/// </para>
/// </remarks>
[ProviderAlias("OsloConsole")]
public sealed class OsloConsoleLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, OsloConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly SingleLineFormat _format;
    private readonly LogLineWriter _writer;

    /// <summary>Writes to standard output, with colours when it is a terminal (as <c>AddSimpleConsole</c>).</summary>
    public OsloConsoleLoggerProvider()
        : this(Console.OpenStandardOutput(), SingleLineFormat.EmitsColors(), TimeProvider.System)
    {
    }

    /// <summary>Writes to <paramref name="output"/>.</summary>
    /// <param name="output">Where the lines go; written from one background thread.</param>
    /// <param name="colors">Whether the level is coloured with ANSI escapes.</param>
    /// <param name="time">The clock of the timestamps.</param>
    public OsloConsoleLoggerProvider(Stream output, bool colors, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        _format = new SingleLineFormat(colors, time);
        _writer = new LogLineWriter(output);
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new OsloConsoleLogger(name, self._format, self._writer), this);

    /// <summary>Returns once every line logged before the call has been written.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Writes every queued line and stops the writer thread.</summary>
    public void Dispose() => _writer.Dispose();
}
