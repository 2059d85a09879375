using System.Diagnostics.Metrics;

namespace Oslo.Config;

/// <summary>
/// The instruments of the <c>Oslo.Config</c> meter (docs/metrics.md): reloads and mutates of the config files, by
/// outcome, and the mutable options a mutate changed. Static, as the runtime's own libraries' meters are: a meter
/// is found by name, process-wide.
/// </summary>
internal static class ConfigMetrics
{
    private static readonly Meter s_meter = new("Oslo.Config", typeof(ConfigMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly Counter<long> s_reloads = s_meter.CreateCounter<long>(
        "oslo.config.reloads", "{reload}", "Re-reads of the config files, by operation (reload, mutate) and outcome (success, failure).");

    private static readonly Counter<long> s_mutatedOptions = s_meter.CreateCounter<long>(
        "oslo.config.mutated_options", "{option}", "Mutable options whose value a mutate changed.");

    internal static void Reloaded(string operation, bool succeeded) =>
        s_reloads.Add(1, new KeyValuePair<string, object?>("oslo.config.operation", operation),
            new KeyValuePair<string, object?>("oslo.config.outcome", succeeded ? "success" : "failure"));

    internal static void Mutated(int options)
    {
        if (options > 0)
        {
            s_mutatedOptions.Add(options);
        }
    }
}
