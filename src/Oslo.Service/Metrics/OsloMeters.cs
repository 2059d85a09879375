namespace Oslo.Service.Metrics;

/// <summary>
/// The names of the <see cref="System.Diagnostics.Metrics.Meter"/>s the Oslo libraries publish, one per library
/// (see docs/metrics.md for every instrument): what to pass to <c>dotnet-counters monitor --counters</c>, to an
/// OpenTelemetry <c>AddMeter</c>, or to a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
public static class OsloMeters
{
    /// <summary>The launcher and supervision, periodic tasks and looping calls (assembly Oslo.Service).</summary>
    public const string Service = "Oslo.Service";

    /// <summary>The wsgi HTTP server (assembly Oslo.Service.Wsgi).</summary>
    public const string Wsgi = "Oslo.Service.Wsgi";

    /// <summary>Configuration reloads and mutations (assembly Oslo.Config).</summary>
    public const string Config = "Oslo.Config";

    /// <summary>Every meter above.</summary>
    public static IReadOnlyList<string> All { get; } = [Service, Wsgi, Config];
}
