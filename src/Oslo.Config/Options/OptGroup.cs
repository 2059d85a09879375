namespace Oslo.Config;

/// <summary>A named group of options: one INI section (oslo's <c>cfg.OptGroup</c>).</summary>
public sealed class OptGroup
{
    /// <summary>The name of the DEFAULT section.</summary>
    public const string DefaultName = "DEFAULT";

    /// <summary>Creates a group.</summary>
    /// <param name="name">Section name.</param>
    /// <param name="title">Title in <c>--help</c> (default <c>"{name} options"</c>).</param>
    /// <param name="help">Description, written under the section header of the sample file.</param>
    public OptGroup(string name, string? title = null, string? help = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Title = title;
        Help = help;
    }

    /// <summary>The section name.</summary>
    public string Name { get; }

    /// <summary>The title shown by <c>--help</c>, if set.</summary>
    public string? Title { get; }

    /// <summary>The group help, if set.</summary>
    public string? Help { get; }

    /// <summary>A group from its name.</summary>
    public static implicit operator OptGroup(string name) => new(name);

    /// <summary>A group from its name (the named alternative of the implicit conversion).</summary>
    public static OptGroup FromString(string name) => new(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
