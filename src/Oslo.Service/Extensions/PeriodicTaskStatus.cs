namespace Oslo.Service.Extensions;

/// <summary>One periodic task's schedule, for diagnostics.</summary>
/// <param name="Name">The task's name.</param>
/// <param name="Spacing">The configured spacing; null when the task runs at the default interval.</param>
/// <param name="LastRun">When it last started; null when it has not run yet.</param>
/// <param name="NextRun">When it is next due; null when it is disabled.</param>
public sealed record PeriodicTaskStatus(string Name, TimeSpan? Spacing, DateTimeOffset? LastRun, DateTimeOffset? NextRun);
