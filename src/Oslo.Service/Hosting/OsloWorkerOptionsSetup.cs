using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// Binds <see cref="OsloWorkerOptions"/> from the <c>Oslo</c> section, falling back to oslo's own options
/// (<c>DEFAULT:workers</c>, <c>DEFAULT:graceful_shutdown_timeout</c>) where an oslo <c>--config-file</c> is published
/// through <c>AddOsloConfig</c>. Written out rather than through the reflection binder so that it is trimming- and
/// AOT-safe and says which key held which unreadable value.
/// </summary>
internal sealed class OsloWorkerOptionsSetup(IConfiguration configuration) : IConfigureOptions<OsloWorkerOptions>
{
    public void Configure(OsloWorkerOptions options)
    {
        IConfigurationSection section = configuration.GetSection(OsloWorkerOptions.SectionName);
        options.Workers = Int(section, "Workers") ?? Int(configuration, "DEFAULT:workers") ?? options.Workers;
        options.SpareWorkers = Int(section, "SpareWorkers") ?? options.SpareWorkers;
        options.GracefulShutdownTimeout = Duration(section, "GracefulShutdownTimeout")
            ?? Duration(configuration, "DEFAULT:graceful_shutdown_timeout")
            ?? options.GracefulShutdownTimeout;
        options.DrainDelay = Duration(section, "DrainDelay") ?? Duration(configuration, "process_launcher:drain_delay") ?? options.DrainDelay;
        options.WorkerMemoryBudgetMb = Int(section, "WorkerMemoryBudgetMb") ?? Int(configuration, "process_launcher:worker_memory_budget_mb") ?? options.WorkerMemoryBudgetMb;
        // The Oslo section only, like ReloadSurge: the default differs from [process_launcher]'s (-1), which a bridged
        // oslo config would otherwise always supply.
        options.WorkerProcessorCount = Int(section, "WorkerProcessorCount") ?? options.WorkerProcessorCount;
        options.MaxRequests = Int(section, "MaxRequests") ?? Int(configuration, "process_launcher:max_requests") ?? options.MaxRequests;
        options.MaxRequestsJitter = Int(section, "MaxRequestsJitter") ?? Int(configuration, "process_launcher:max_requests_jitter") ?? options.MaxRequestsJitter;
        options.MaxWorkerMemoryMb = Int(section, "MaxWorkerMemoryMb") ?? Int(configuration, "process_launcher:max_worker_memory_mb") ?? options.MaxWorkerMemoryMb;
        options.MaxWorkerMemoryWindow = Duration(section, "MaxWorkerMemoryWindow") ?? Duration(configuration, "process_launcher:max_worker_memory_window") ?? options.MaxWorkerMemoryWindow;
        options.MaxWorkerAge = Duration(section, "MaxWorkerAge") ?? Duration(configuration, "process_launcher:max_worker_age") ?? options.MaxWorkerAge;
        options.HungWorkerStacksCommand = Text(section, "HungWorkerStacksCommand") ?? Text(configuration, "process_launcher:hung_worker_stacks_command") ?? options.HungWorkerStacksCommand;
        options.HungWorkerDumpDir = Text(section, "HungWorkerDumpDir") ?? Text(configuration, "process_launcher:hung_worker_dump_dir") ?? options.HungWorkerDumpDir;
        options.ReloadSurge = Int(section, "ReloadSurge") ?? options.ReloadSurge;
        options.WorkerReadyTimeout = Duration(section, "WorkerReadyTimeout") ?? options.WorkerReadyTimeout;
        options.HeartbeatTimeout = Duration(section, "HeartbeatTimeout") ?? options.HeartbeatTimeout;
        options.BootTimeout = Duration(section, "BootTimeout") ?? options.BootTimeout;
        options.RestartIntensity = Int(section, "RestartIntensity") ?? options.RestartIntensity;
        options.RestartPeriod = Duration(section, "RestartPeriod") ?? options.RestartPeriod;
        options.RestartBackoffInitial = Duration(section, "RestartBackoffInitial") ?? options.RestartBackoffInitial;
        options.RestartBackoffMax = Duration(section, "RestartBackoffMax") ?? options.RestartBackoffMax;
        options.BootFailureThreshold = Int(section, "BootFailureThreshold") ?? options.BootFailureThreshold;
        if (section["RestartMethod"] is { Length: > 0 } restartMethod)
        {
            options.RestartMethod = restartMethod.ToUpperInvariant() switch
            {
                "RELOAD" => RestartMethod.Reload,
                "MUTATE" => RestartMethod.Mutate,
                _ => throw Invalid(section, "RestartMethod", restartMethod, "'Reload' or 'Mutate'"),
            };
        }
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static int? Int(IConfiguration configuration, string key)
    {
        string? text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Invalid(configuration, key, text, "a whole number");
    }

    /// <summary>Seconds ("30", "2.5") or a <see cref="TimeSpan"/> ("00:00:30").</summary>
    private static TimeSpan? Duration(IConfiguration configuration, string key)
    {
        string? text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value)
            ? value
            : throw Invalid(configuration, key, text, "seconds (e.g. 30) or a time span (e.g. 00:00:30)");
    }

    private static OsloStartupException Invalid(IConfiguration configuration, string key, string found, string expected)
    {
        string path = configuration is IConfigurationSection section ? $"{section.Path}:{key}" : key;
        return new OsloStartupException($"{path}: expected {expected}, found '{found}'.");
    }
}

/// <summary>Validates <see cref="OsloWorkerOptions"/>: the ranges its documentation gives.</summary>
internal sealed class OsloWorkerOptionsValidator : IValidateOptions<OsloWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, OsloWorkerOptions options)
    {
        List<string> failures = [];
        if (options.Workers is < 1 or > 1024)
        {
            failures.Add($"Oslo:Workers must be between 1 and 1024, found {options.Workers}.");
        }

        if (options.SpareWorkers is < 0 or > 64)
        {
            failures.Add($"Oslo:SpareWorkers must be between 0 and 64, found {options.SpareWorkers}.");
        }

        if (options.ReloadSurge is < 1 or > 1024)
        {
            failures.Add($"Oslo:ReloadSurge must be between 1 and 1024, found {options.ReloadSurge}.");
        }

        if (options.GracefulShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"Oslo:GracefulShutdownTimeout must not be negative, found {options.GracefulShutdownTimeout}.");
        }

        if (options.DrainDelay < TimeSpan.Zero || options.DrainDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"Oslo:DrainDelay must be between 0 and 1 hour, found {options.DrainDelay}.");
        }

        if (options.WorkerProcessorCount is < -1 or > 1024)
        {
            failures.Add($"Oslo:WorkerProcessorCount must be between -1 and 1024, found {options.WorkerProcessorCount}.");
        }

        if (options.WorkerMemoryBudgetMb < 0)
        {
            failures.Add($"Oslo:WorkerMemoryBudgetMb must not be negative, found {options.WorkerMemoryBudgetMb}.");
        }

        if (options.MaxRequests < 0 || options.MaxRequestsJitter < 0)
        {
            failures.Add($"Oslo:MaxRequests and Oslo:MaxRequestsJitter must not be negative, found {options.MaxRequests} and {options.MaxRequestsJitter}.");
        }

        if (options.MaxWorkerMemoryMb < 0)
        {
            failures.Add($"Oslo:MaxWorkerMemoryMb must not be negative, found {options.MaxWorkerMemoryMb}.");
        }

        if (options.MaxWorkerMemoryWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Oslo:MaxWorkerMemoryWindow must be at least 1 s, found {options.MaxWorkerMemoryWindow}.");
        }

        if (options.MaxWorkerAge < TimeSpan.Zero)
        {
            failures.Add($"Oslo:MaxWorkerAge must not be negative, found {options.MaxWorkerAge}.");
        }

        if (options.WorkerReadyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Oslo:WorkerReadyTimeout must be positive, found {options.WorkerReadyTimeout}.");
        }

        if (options.HeartbeatTimeout < TimeSpan.Zero)
        {
            failures.Add($"Oslo:HeartbeatTimeout must not be negative, found {options.HeartbeatTimeout}.");
        }

        if (options.BootTimeout < TimeSpan.Zero)
        {
            failures.Add($"Oslo:BootTimeout must not be negative, found {options.BootTimeout}.");
        }

        if (options.RestartIntensity < 1)
        {
            failures.Add($"Oslo:RestartIntensity must be at least 1, found {options.RestartIntensity}.");
        }

        if (options.RestartPeriod < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Oslo:RestartPeriod must be at least 1 s, found {options.RestartPeriod}.");
        }

        if (options.RestartBackoffInitial < TimeSpan.Zero || options.RestartBackoffMax < options.RestartBackoffInitial)
        {
            failures.Add($"Oslo:RestartBackoffInitial must not be negative nor above Oslo:RestartBackoffMax, found {options.RestartBackoffInitial} and {options.RestartBackoffMax}.");
        }

        if (options.BootFailureThreshold < 1)
        {
            failures.Add($"Oslo:BootFailureThreshold must be at least 1, found {options.BootFailureThreshold}.");
        }

        if (options.RestartMethod is not (RestartMethod.Reload or RestartMethod.Mutate))
        {
            failures.Add($"Oslo:RestartMethod must be Reload or Mutate, found {options.RestartMethod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
