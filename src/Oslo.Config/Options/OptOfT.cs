namespace Oslo.Config;

/// <summary>An option whose converted value has type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value type (nullable for scalars: null means "no value").</typeparam>
public abstract class Opt<T> : Opt
{
    /// <summary>Creates the option; see the concrete option classes for the arguments.</summary>
    protected Opt(string name, IConfigType type, string? dest, char? shortName, object? @default, bool positional,
        string? metavar, string? help, bool secret, bool? required, string? deprecatedName, string? deprecatedGroup,
        IReadOnlyList<DeprecatedOpt>? deprecatedOpts, string? sampleDefault, bool deprecatedForRemoval,
        string? deprecatedReason, string? deprecatedSince, bool mutable, bool advanced, bool isMulti = false)
        : base(name, type, dest, shortName, @default, positional, metavar, help, secret, required, deprecatedName,
            deprecatedGroup, deprecatedOpts, sampleDefault, deprecatedForRemoval, deprecatedReason, deprecatedSince,
            mutable, advanced, isMulti)
    {
    }

    /// <summary>The typed default value.</summary>
    public new T? Default => base.Default is T t ? t : default;
}
