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
/// worker (docs/operations.md, "Access log cost"). Here a caller queues the event on a lock-free queue, without
/// building its line; the writer thread formats the lines straight into one UTF-8 batch and writes it.
/// </para>
/// <para>
/// When a megabyte is waiting (a reader that does not keep up), callers wait, as with the built-in provider's
/// default queue mode, until the reader has taken nothing for <see cref="OsloConsoleLoggerOptions.StallTimeout"/>;
/// then, or at once with <see cref="LogQueueFullMode.DropWrite"/>, lines are dropped and their count is logged when
/// the reader reads again. <see cref="Dispose"/> and <see cref="Flush"/> write everything queued, waiting at most
/// <see cref="OsloConsoleLoggerOptions.FlushTimeout"/>; so does an unhandled exception before the process dies.
/// Disposing the logger factory disposes the provider. Scopes are not written (the built-in single-line format
/// writes them only when <c>IncludeScopes</c> is set).
/// </para>
/// </remarks>
[ProviderAlias("OsloConsole")]
public sealed class OsloConsoleLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, OsloConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly LogLineWriter _writer;

    /// <summary>Writes to standard output, with colours when it is a terminal (as <c>AddSimpleConsole</c>).</summary>
    public OsloConsoleLoggerProvider()
        : this(new OsloConsoleLoggerOptions())
    {
    }

    /// <summary>Writes to standard output, with colours when it is a terminal, with <paramref name="options"/>.</summary>
    /// <param name="options">Queue-full mode, stall and flush timeouts.</param>
    public OsloConsoleLoggerProvider(OsloConsoleLoggerOptions options)
        : this(Console.OpenStandardOutput(), SingleLineFormat.EmitsColors(), TimeProvider.System, options)
    {
    }

    /// <summary>Writes to <paramref name="output"/>.</summary>
    /// <param name="output">Where the lines go; written from one background thread.</param>
    /// <param name="colors">Whether the level is coloured with ANSI escapes.</param>
    /// <param name="time">The clock of the timestamps and of the stall and flush timeouts.</param>
    /// <param name="options">Queue-full mode, stall and flush timeouts; defaults when null.</param>
    public OsloConsoleLoggerProvider(Stream output, bool colors, TimeProvider time, OsloConsoleLoggerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _writer = new LogLineWriter(output, new SingleLineFormat(colors), options, time);
        // The writer thread is a background thread: without this, what is queued when an exception kills the process
        // (often the lines that explain it) would be lost.
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new OsloConsoleLogger(name, self._time, self._writer), this);

    /// <summary>The writer (for tests).</summary>
    internal LogLineWriter Writer => _writer;

    /// <summary>
    /// Returns once every line logged before the call has been written, or after
    /// <see cref="OsloConsoleLoggerOptions.FlushTimeout"/> when the reader does not take them.
    /// </summary>
    /// <returns>True when every line was written.</returns>
    public bool Flush() => _writer.Flush();

    /// <summary>Writes every queued line (waiting at most the flush timeout) and stops the writer thread.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        _writer.Dispose();
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => _writer.Flush();
}
