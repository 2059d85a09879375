using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Logging;

namespace Oslo.Service.Retry;

/// <summary>
/// Retries a function when it throws one of the listed exception types, sleeping <c>inc, 2·inc, 3·inc…</c> (capped
/// at <c>maxSleepTime</c>) between attempts, at most <c>maxRetryCount</c> times (-1 = forever); any other exception
/// passes straight through (oslo's <c>RetryDecorator</c>). With no exception types listed nothing is retried.
/// </summary>
/// <remarks>
/// Unlike oslo, the retry count and the sleep are per call: oslo keeps them on the decorator and never resets them,
/// so a decorated function retries less and sleeps longer on every later call.
/// </remarks>
public sealed class RetryDecorator
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Type[] _exceptions;

    /// <summary>Creates the decorator with oslo's defaults (retry forever, +10 s per retry, at most 60 s).</summary>
    /// <param name="maxRetryCount">How many retries after the first attempt; -1 for no limit.</param>
    /// <param name="incSleepTime">How much each retry adds to the sleep (default 10 s).</param>
    /// <param name="maxSleepTime">The cap on one sleep (default 60 s).</param>
    /// <param name="exceptions">The exception types (and their subclasses) to retry on.</param>
    /// <param name="timeProvider">The clock the sleeps go through; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where retries are logged (debug level).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRetryCount"/> is below -1, or a time is negative.</exception>
    /// <exception cref="ArgumentException">A listed type is not an exception type.</exception>
    public RetryDecorator(
        int maxRetryCount = -1,
        TimeSpan? incSleepTime = null,
        TimeSpan? maxSleepTime = null,
        IEnumerable<Type>? exceptions = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetryCount, -1);
        IncSleepTime = incSleepTime ?? TimeSpan.FromSeconds(10);
        MaxSleepTime = maxSleepTime ?? TimeSpan.FromSeconds(60);
        ArgumentOutOfRangeException.ThrowIfLessThan(IncSleepTime, TimeSpan.Zero, nameof(incSleepTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSleepTime, TimeSpan.Zero, nameof(maxSleepTime));
        _exceptions = [.. exceptions ?? []];
        foreach (Type type in _exceptions)
        {
            if (!typeof(Exception).IsAssignableFrom(type))
            {
                throw new ArgumentException($"'{type}' is not an exception type.", nameof(exceptions));
            }
        }

        MaxRetryCount = maxRetryCount;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How many retries after the first attempt; -1 for no limit.</summary>
    public int MaxRetryCount { get; }

    /// <summary>How much each retry adds to the sleep.</summary>
    public TimeSpan IncSleepTime { get; }

    /// <summary>The cap on one sleep.</summary>
    public TimeSpan MaxSleepTime { get; }

    /// <summary>The exception types retried on.</summary>
    public IReadOnlyList<Type> Exceptions => _exceptions;

    /// <summary>Runs <paramref name="function"/>, retrying it as configured, and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="name">The name for log messages; the function's method name when null.</param>
    /// <param name="cancellationToken">Cancels the sleeps (and is passed to the function).</param>
    /// <returns>The first successful result.</returns>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> function, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        string funcName = name ?? function.Method.Name;
        _logger.RetryWaiting(funcName);
        int retryCount = 0;
        while (true)
        {
            if (retryCount > 0)
            {
                _logger.RetryInvoking(funcName, retryCount);
            }

            try
            {
                return await function(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRetried(ex))
            {
                _logger.RetrySuggestedException(funcName);
                if (!RetryPolicy.CanRetry(retryCount, MaxRetryCount))
                {
                    _logger.RetryExhausted(funcName, retryCount, MaxRetryCount);
                    throw;
                }

                retryCount++;
            }

            await Task.Delay(RetryPolicy.SleepBefore(retryCount, IncSleepTime, MaxSleepTime), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="function"/>, retrying it as configured.</summary>
    /// <param name="function">The function; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="name">The name for log messages; the function's method name when null.</param>
    /// <param name="cancellationToken">Cancels the sleeps (and is passed to the function).</param>
    /// <returns>A task that completes after the first successful attempt.</returns>
    public Task ExecuteAsync(Func<CancellationToken, Task> function, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ExecuteAsync(
            async ct =>
            {
                await function(ct).ConfigureAwait(false);
                return true;
            },
            name ?? function.Method.Name,
            cancellationToken);
    }

    /// <summary>
    /// Runs a synchronous <paramref name="function"/>, retrying it as configured; the sleeps between attempts are
    /// awaited, not blocked on (there is no blocking <c>Execute</c>).
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function.</param>
    /// <param name="name">The name for log messages; the function's method name when null.</param>
    /// <param name="cancellationToken">Cancels the sleeps between attempts.</param>
    /// <returns>The first successful result.</returns>
    public Task<T> ExecuteAsync<T>(Func<T> function, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ExecuteAsync(_ => Task.FromResult(function()), name ?? function.Method.Name, cancellationToken);
    }

    /// <summary>Runs a synchronous <paramref name="action"/>, retrying it as configured; the sleeps are awaited.</summary>
    /// <param name="action">The action.</param>
    /// <param name="name">The name for log messages; the action's method name when null.</param>
    /// <param name="cancellationToken">Cancels the sleeps between attempts.</param>
    /// <returns>A task that completes after the first successful run.</returns>
    public Task ExecuteAsync(Action action, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ExecuteAsync(
            () =>
            {
                action();
                return true;
            },
            name ?? action.Method.Name,
            cancellationToken);
    }

    /// <summary>Wraps <paramref name="function"/> so that every call to the wrapper is retried (the decorator form).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function.</param>
    /// <returns>The retrying wrapper; each call has its own retry count.</returns>
    public Func<CancellationToken, Task<T>> Wrap<T>(Func<CancellationToken, Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        string name = function.Method.Name;
        return ct => ExecuteAsync(function, name, ct);
    }

    private bool IsRetried(Exception ex)
    {
        foreach (Type type in _exceptions)
        {
            if (type.IsInstanceOfType(ex))
            {
                return true;
            }
        }

        return false;
    }
}
