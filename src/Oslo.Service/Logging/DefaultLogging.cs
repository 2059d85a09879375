using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>The console logging a launcher uses when it is given no logger factory.</summary>
internal static class DefaultLogging
{
    /// <summary>One line per event, with a local timestamp, at Information and above.</summary>
    internal static ILoggerFactory CreateLoggerFactory(LogLevel minimumLevel = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimumLevel)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            }));
}
