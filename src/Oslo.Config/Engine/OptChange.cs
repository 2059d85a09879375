namespace Oslo.Config;

/// <summary>A value change seen by <see cref="ConfigOpts.MutateConfigFiles()"/>: typed old and new values.</summary>
/// <param name="OldValue">The value before the mutate.</param>
/// <param name="NewValue">The value after the mutate.</param>
public readonly record struct OptChange(object? OldValue, object? NewValue);
