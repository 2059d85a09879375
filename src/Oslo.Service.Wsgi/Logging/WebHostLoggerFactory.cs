using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Oslo.Service.Wsgi.Logging;

/// <summary>
/// The logger factory handed to the web host inside a <see cref="Server"/>: ASP.NET Core's own categories
/// (<c>Microsoft.*</c>) log warnings and errors only, and hosting's per-request diagnostics not at all. Their
/// per-request lines ("Request starting", "Request finished") would double the access log oslo already writes and
/// cost throughput; "Now listening on" repeats our own line.
/// </summary>
internal sealed class WebHostLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        // Hosting's diagnostics open a logging scope per request whenever any level is enabled, and log only
        // "Request starting/finished" and unhandled errors, which the Server's pipeline already logs itself.
        if (categoryName == "Microsoft.AspNetCore.Hosting.Diagnostics")
        {
            return NullLogger.Instance;
        }

        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the caller; the web host must not dispose it when it is disposed.
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
