using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Oslo.Service.Supervision;

/// <summary>
/// A logger whose target is set after construction: the launcher's runtime is built before the base constructor
/// creates the launcher's logger.
/// </summary>
internal sealed class DeferredLogger : ILogger
{
    private ILogger _target = NullLogger.Instance;

    /// <summary>Where events go from now on.</summary>
    internal ILogger Target
    {
        set => _target = value;
    }

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _target.BeginScope(state);

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => _target.IsEnabled(logLevel);

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _target.Log(logLevel, eventId, state, exception, formatter);
}
