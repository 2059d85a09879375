using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>The console logging a launcher uses when it is given no logger factory.</summary>
/// <remarks>
/// The factory is built directly rather than through <c>LoggerFactory.Create</c>: that builds a dependency-injection
/// container, options and configuration binding, about 30 ms of every process start (measured with ReadyToRun),
/// which a ProcessLauncher pays once per worker.
/// </remarks>
internal static class DefaultLogging
{
    /// <summary>One line per event (<see cref="OsloConsoleLoggerProvider"/>), at Information and above.</summary>
    internal static ILoggerFactory CreateLoggerFactory(LogLevel minimumLevel = LogLevel.Information)
    {
        var factory = new LoggerFactory([], new LoggerFilterOptions { MinLevel = minimumLevel });
        // Added (not passed to the constructor) so that disposing the factory disposes the provider, which writes
        // its queue before the process exits.
        factory.AddProvider(new OsloConsoleLoggerProvider());
        return factory;
    }
}
