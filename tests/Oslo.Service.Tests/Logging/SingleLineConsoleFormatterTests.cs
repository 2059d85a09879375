using System.Text.RegularExpressions;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Logging;

using Xunit;

namespace Oslo.Service.Tests.Logging;

public sealed class SingleLineConsoleFormatterTests
{
    [Fact]
    public void Write_MessageOverLines_OneLineAsSimpleConsole()
    {
        string line = Format(new SingleLineConsoleFormatter(colors: false), LogLevel.Information, "Child 42 exited\nwith status 3", null);

        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} info: Oslo\.Service\.Launching\[4002\] Child 42 exited with status 3\n$"), line);
    }

    [Fact]
    public void Write_Exception_AppendedOnTheSameLine()
    {
        var exception = new InvalidOperationException("broken\nconfig");

        string line = Format(new SingleLineConsoleFormatter(colors: false), LogLevel.Error, "Reload failed", exception);

        Assert.Contains(" fail: Oslo.Service.Launching[4002] Reload failed System.InvalidOperationException: broken config", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(LogLevel.Information, "\x1B[40m\x1B[32minfo\x1B[39m\x1B[22m\x1B[49m: ")]
    [InlineData(LogLevel.Warning, "\x1B[40m\x1B[1m\x1B[33mwarn\x1B[39m\x1B[22m\x1B[49m: ")]
    [InlineData(LogLevel.Error, "\x1B[41m\x1B[30mfail\x1B[39m\x1B[22m\x1B[49m: ")]
    public void Write_Colors_LevelColouredAsSimpleConsole(LogLevel level, string expected)
    {
        string line = Format(new SingleLineConsoleFormatter(colors: true), level, "m", null);

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateLoggerFactory_BelowMinimum_Filtered()
    {
        using ILoggerFactory factory = DefaultLogging.CreateLoggerFactory(LogLevel.Warning);
        ILogger logger = factory.CreateLogger("x");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    private static string Format(SingleLineConsoleFormatter formatter, LogLevel level, string message, Exception? exception)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var entry = new LogEntry<string>(level, "Oslo.Service.Launching", new EventId(4002, "WorkerExited"), message, exception, (state, _) => state);
        formatter.Write(entry, null, writer);
        return writer.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal);
    }
}
