using Microsoft.Extensions.Logging;

namespace Oslo.Service.Hosting;

/// <summary>
/// The app's <see cref="ILoggerFactory"/> with every message prefixed by the process that wrote it —
/// <c>[worker 2 pid 4711]</c> or <c>[parent pid 4700]</c> — whatever the provider (console, JSON, journal): N copies
/// of one app write to one stream, and a reader must tell them apart and know which pid to signal.
/// </summary>
internal sealed class WorkerLoggerFactory(ILoggerFactory inner, Func<string> prefix) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new PrefixingLogger(inner.CreateLogger(categoryName), prefix);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class PrefixingLogger(ILogger inner, Func<string> prefix) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            string tag = prefix();
            inner.Log(logLevel, eventId, state, exception, (s, e) => tag + formatter(s, e));
        }
    }
}
