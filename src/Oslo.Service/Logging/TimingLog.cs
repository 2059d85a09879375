using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>
/// Log events of the timing features: thread groups, looping calls, retries and periodic tasks.
/// Event ids 3000–3999 belong to this file (3000s looping calls, 3100s thread groups, 3200s retries,
/// 3300s periodic tasks). Message texts are oslo.service's, so operators' log searches keep working.
/// </summary>
internal static partial class TimingLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "{Kind} '{FuncName}' failed")]
    public static partial void LoopingCallFailed(this ILogger logger, Exception exception, string kind, string funcName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Trace, Message = "{Kind} '{FuncName}' sleeping for {IdleSeconds:0.00} seconds")]
    public static partial void LoopingCallSleeping(this ILogger logger, string kind, string funcName, double idleSeconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Function '{FuncName}' run outlasted interval by {DelaySeconds:0.00} sec")]
    public static partial void LoopingCallOutlastedInterval(this ILogger logger, string funcName, double delaySeconds);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Error waiting on timer.")]
    public static partial void ThreadGroupTimerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Error waiting on thread.")]
    public static partial void ThreadGroupThreadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Thread '{ThreadName}' failed")]
    public static partial void ThreadGroupThreadCrashed(this ILogger logger, Exception exception, string threadName);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Waiting for function {FuncName} to return.")]
    public static partial void RetryWaiting(this ILogger logger, string funcName);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Invoking {FuncName}; retry count is {RetryCount}.")]
    public static partial void RetryInvoking(this ILogger logger, string funcName, int retryCount);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Exception which is in the suggested list of exceptions occurred while invoking function: {FuncName}.")]
    public static partial void RetrySuggestedException(this ILogger logger, string funcName);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "Cannot retry {FuncName} upon suggested exception since retry count ({RetryCount}) reached max retry count ({MaxRetryCount}).")]
    public static partial void RetryExhausted(this ILogger logger, string funcName, int retryCount, int maxRetryCount);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Skipping periodic task {Task} because its interval is negative")]
    public static partial void PeriodicTaskSkippedNegative(this ILogger logger, string task);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Skipping periodic task {Task} because it is disabled")]
    public static partial void PeriodicTaskSkippedDisabled(this ILogger logger, string task);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Debug, Message = "Running periodic task {FullTaskName}")]
    public static partial void PeriodicTaskRunning(this ILogger logger, string fullTaskName);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Error, Message = "Error during {FullTaskName}")]
    public static partial void PeriodicTaskFailed(this ILogger logger, Exception exception, string fullTaskName);
}
