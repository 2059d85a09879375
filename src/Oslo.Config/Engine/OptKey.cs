namespace Oslo.Config;

/// <summary>Identifies an option: its group (null = DEFAULT) and its name (<see cref="Opt.Dest"/>).</summary>
/// <param name="Group">The group name, null for DEFAULT.</param>
/// <param name="Name">The option's <see cref="Opt.Dest"/>.</param>
public readonly record struct OptKey(string? Group, string Name)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Group ?? OptGroup.DefaultName}.{Name}";
}
