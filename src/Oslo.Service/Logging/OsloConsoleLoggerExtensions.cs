using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>Adds <see cref="OsloConsoleLoggerProvider"/> to a logging builder.</summary>
public static class OsloConsoleLoggerExtensions
{
    /// <summary>
    /// Logs to standard output in <c>AddSimpleConsole</c>'s single-line format, batched for heavy loads such as a
    /// per-request access log (see <see cref="OsloConsoleLoggerProvider"/>).
    /// </summary>
    public static ILoggingBuilder AddOsloConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, OsloConsoleLoggerProvider>(_ => new OsloConsoleLoggerProvider()));
        return builder;
    }

    /// <summary>
    /// As <see cref="AddOsloConsole(ILoggingBuilder)"/>, with the behaviour under a slow or stalled reader chosen in
    /// <paramref name="configure"/> (see <see cref="OsloConsoleLoggerOptions"/> and docs/operations.md, "Failure modes").
    /// </summary>
    public static ILoggingBuilder AddOsloConsole(this ILoggingBuilder builder, Action<OsloConsoleLoggerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new OsloConsoleLoggerOptions();
        configure(options);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, OsloConsoleLoggerProvider>(_ => new OsloConsoleLoggerProvider(options)));
        return builder;
    }
}
