namespace Oslo.Service.Logging;

/// <summary>How <see cref="OsloConsoleLoggerProvider"/> behaves when the reader of standard output is slow or stalls.</summary>
public sealed class OsloConsoleLoggerOptions
{
    private TimeSpan _stallTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _flushTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>What a log call does when a megabyte of lines is waiting for the reader. Default <see cref="LogQueueFullMode.Wait"/>.</summary>
    public LogQueueFullMode QueueFullMode { get; set; } = LogQueueFullMode.Wait;

    /// <summary>
    /// In <see cref="LogQueueFullMode.Wait"/>: how long one write to the reader may stay blocked before the reader
    /// is taken as stalled and callers stop waiting (their lines are dropped and counted). Default 10 s; at least
    /// 100 ms.
    /// </summary>
    public TimeSpan StallTimeout
    {
        get => _stallTimeout;
        set => _stallTimeout = value >= TimeSpan.FromMilliseconds(100)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StallTimeout), value, "StallTimeout must be at least 100 ms.");
    }

    /// <summary>
    /// How long <see cref="OsloConsoleLoggerProvider.Flush"/>, <see cref="OsloConsoleLoggerProvider.Dispose"/> and the
    /// flush on an unhandled exception wait for the reader before giving up, so that a process exits whatever its
    /// reader does. Default 1.5 s (the built-in console provider's); at least 0.
    /// </summary>
    public TimeSpan FlushTimeout
    {
        get => _flushTimeout;
        set => _flushTimeout = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FlushTimeout), value, "FlushTimeout must not be negative.");
    }
}
