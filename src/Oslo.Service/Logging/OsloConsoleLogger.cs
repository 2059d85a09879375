using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>One category's logger of <see cref="OsloConsoleLoggerProvider"/>.</summary>
internal sealed class OsloConsoleLogger(string category, SingleLineFormat format, LogLineWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    // Levels are filtered by the logger factory (LoggerFilterOptions), as for the built-in console provider.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string? message = formatter(state, exception);
        if (exception is null && string.IsNullOrEmpty(message))
        {
            return;
        }

        format.Write(logLevel, category, eventId.Id, message, exception, writer);
    }
}
