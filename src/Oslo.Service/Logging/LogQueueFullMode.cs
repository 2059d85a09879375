namespace Oslo.Service.Logging;

/// <summary>What a log call does when the console logger's queue is full because the reader of standard output does
/// not keep up (the names of the built-in console provider's <c>ConsoleLoggerQueueFullMode</c>).</summary>
public enum LogQueueFullMode
{
    /// <summary>
    /// The caller waits until the writer has caught up, so no line is lost to a slow reader; but once one write has
    /// been blocked for <see cref="OsloConsoleLoggerOptions.StallTimeout"/> (a reader that stopped reading), lines are
    /// dropped and counted until it reads again, so that a stalled pipe never stops the service. The default.
    /// </summary>
    Wait,

    /// <summary>The line is dropped at once and counted; the count is logged once the reader takes data again.</summary>
    DropWrite,
}
