using OpenTelemetry.Metrics;

namespace Oslo.Service.Metrics;

/// <summary>The OpenTelemetry SDK path: one call adds every Oslo meter to a <see cref="MeterProviderBuilder"/>.</summary>
public static class OsloMeterProviderBuilderExtensions
{
    /// <summary>
    /// Adds the meters of Oslo.Service, Oslo.Service.Wsgi and Oslo.Config (<see cref="OsloMeters.All"/>):
    /// <c>services.AddOpenTelemetry().WithMetrics(m => m.AddOsloServiceInstrumentation().AddOtlpExporter())</c>.
    /// Each process exports its own measurements; a process launcher's workers each export theirs (with
    /// <c>service.instance.id</c> telling them apart), where the <c>[metrics]</c> endpoint merges the family.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddOsloServiceInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter([.. OsloMeters.All]);
    }
}
