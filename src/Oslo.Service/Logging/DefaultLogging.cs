using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Oslo.Service.Logging;

/// <summary>The console logging a launcher uses when it is given no logger factory.</summary>
/// <remarks>
/// The factory and the console provider are built directly rather than through <c>LoggerFactory.Create</c>: that
/// builds a dependency-injection container, options and configuration binding, about 30 ms of every process start
/// (measured with ReadyToRun), which a ProcessLauncher pays once per worker. The output is the same as
/// <c>AddSimpleConsole</c> with <c>SingleLine</c> and our timestamp format (<see cref="SingleLineConsoleFormatter"/>).
/// </remarks>
internal static class DefaultLogging
{
    /// <summary>One line per event, with a local timestamp, at Information and above.</summary>
    internal static ILoggerFactory CreateLoggerFactory(LogLevel minimumLevel = LogLevel.Information)
    {
        var options = new ConsoleLoggerOptions { FormatterName = SingleLineConsoleFormatter.FormatterName };
        var factory = new LoggerFactory([], new LoggerFilterOptions { MinLevel = minimumLevel });
        // Added (not passed to the constructor) so that disposing the factory disposes the provider, which flushes
        // its queue before the process exits.
        factory.AddProvider(new ConsoleLoggerProvider(new FixedOptionsMonitor<ConsoleLoggerOptions>(options), [new SingleLineConsoleFormatter()]));
        return factory;
    }
}
