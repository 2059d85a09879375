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
}
