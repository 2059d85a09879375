using System.Collections;

namespace Oslo.Config;

/// <summary>
/// An option (oslo's <c>cfg.Opt</c>): its name, type, default, help and the flags oslo keys behaviour on. Opt
/// objects are definitions only; values live in a <see cref="ConfigOpts"/>.
/// </summary>
public abstract class Opt
{
    private object? _default;

    /// <summary>Creates the option; see the concrete option classes for the arguments.</summary>
    protected Opt(string name, IConfigType type, string? dest, char? shortName, object? @default, bool positional,
        string? metavar, string? help, bool secret, bool? required, string? deprecatedName, string? deprecatedGroup,
        IReadOnlyList<DeprecatedOpt>? deprecatedOpts, string? sampleDefault, bool deprecatedForRemoval,
        string? deprecatedReason, string? deprecatedSince, bool mutable, bool advanced, bool isMulti = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        if (name.StartsWith('_'))
        {
            throw new ArgumentException($"illegal name {name} with prefix _", nameof(name));
        }

        Name = name;
        Type = type;
        Dest = dest ?? name.Replace('-', '_');
        Short = shortName;
        Positional = positional;
        Metavar = metavar;
        Help = help;
        Secret = secret;
        Required = required ?? positional;
        SampleDefault = sampleDefault;
        DeprecatedForRemoval = deprecatedForRemoval;
        DeprecatedReason = deprecatedReason;
        DeprecatedSince = deprecatedSince;
        Mutable = mutable;
        Advanced = advanced;
        IsMulti = isMulti;

        var deprecated = new List<DeprecatedOpt>(deprecatedOpts ?? []);
        ExplicitDeprecatedOptCount = deprecated.Count;
        if (deprecatedName is not null || deprecatedGroup is not null)
        {
            deprecated.Add(new DeprecatedOpt(deprecatedName, deprecatedGroup));
            if (deprecatedName is not null && deprecatedName.Contains('-', StringComparison.Ordinal))
            {
                deprecated.Add(new DeprecatedOpt(deprecatedName.Replace('-', '_'), deprecatedGroup));
            }
        }

        DeprecatedOpts = deprecated;
        _default = CheckDefault(@default);
    }

    /// <summary>The option name (may contain <c>-</c>).</summary>
    public string Name { get; }

    /// <summary>The key used in files, environment names, samples and logs: <see cref="Name"/> with <c>-</c> as <c>_</c>.</summary>
    public string Dest { get; }

    /// <summary>Help text for the sample file and <c>--help</c>.</summary>
    public string? Help { get; }

    /// <summary>The default value (already validated against <see cref="Type"/>).</summary>
    public object? Default => _default;

    /// <summary>Whether a value must be present after parsing.</summary>
    public bool Required { get; }

    /// <summary>Whether <see cref="ConfigOpts.LogOptValues"/> masks the value as <c>****</c>.</summary>
    public bool Secret { get; }

    /// <summary>Whether <see cref="ConfigOpts.MutateConfigFiles()"/> may change the value at run time.</summary>
    public bool Mutable { get; }

    /// <summary>Whether the sample generator lists the option last with an "Advanced Option" notice.</summary>
    public bool Advanced { get; }

    /// <summary>Whether the option is a command-line positional argument.</summary>
    public bool Positional { get; }

    /// <summary>The single-character command-line alias (<c>-x</c>).</summary>
    public char? Short { get; }

    /// <summary>The metavar shown by <c>--help</c>.</summary>
    public string? Metavar { get; }

    /// <summary>Text written in the sample file instead of the default.</summary>
    public string? SampleDefault { get; }

    /// <summary>Old names/groups still accepted for this option.</summary>
    public IReadOnlyList<DeprecatedOpt> DeprecatedOpts { get; }

    // How many of DeprecatedOpts were given as deprecatedOpts (the rest come from deprecatedName/deprecatedGroup):
    // oslo lists their underscore variants before the deprecated name's.
    internal int ExplicitDeprecatedOptCount { get; }

    /// <summary>Whether the option is deprecated for removal.</summary>
    public bool DeprecatedForRemoval { get; }

    /// <summary>Why the option is deprecated.</summary>
    public string? DeprecatedReason { get; }

    /// <summary>The release the option was deprecated in.</summary>
    public string? DeprecatedSince { get; }

    /// <summary>Whether every occurrence accumulates into a list.</summary>
    public bool IsMulti { get; }

    /// <summary>The value type (the item type for multi-valued options).</summary>
    public IConfigType Type { get; }

    /// <summary>
    /// Replaces the default of this option definition (oslo's module-level <c>cfg.set_defaults</c>, used by
    /// libraries such as oslo.service's <c>set_service_opts_defaults</c>). It affects every <see cref="ConfigOpts"/>
    /// the option is registered with.
    /// </summary>
    public void SetDefault(object? value) => _default = CheckDefault(value);

    /// <summary>Converts a value given in code with this option's type (a list of items for multi-valued options).</summary>
    internal object? ConvertValue(object? value)
    {
        if (!IsMulti || value is null)
        {
            return Type.Convert(value);
        }

        if (value is string s)
        {
            return CreateList([Type.Convert(s)]);
        }

        var items = new List<object?>();
        foreach (object? item in (IEnumerable)value)
        {
            items.Add(Type.Convert(item));
        }

        return CreateList(items);
    }

    /// <summary>Builds the typed list value of a multi-valued option.</summary>
    internal virtual object CreateList(IReadOnlyList<object?> items) => items;

    /// <summary>Whether two definitions are the same option (registering the same option twice is allowed).</summary>
    internal bool SameDefinition(Opt other) =>
        ReferenceEquals(this, other)
        || (other.GetType() == GetType()
            && other.Name == Name && other.Dest == Dest && other.Help == Help
            && other.Required == Required && other.Secret == Secret && other.Mutable == Mutable
            && other.Positional == Positional && other.Short == Short && other.Metavar == Metavar
            && other.IsMulti == IsMulti && other.Advanced == Advanced && other.SampleDefault == SampleDefault
            && other.DeprecatedForRemoval == DeprecatedForRemoval
            && other.DeprecatedOpts.SequenceEqual(DeprecatedOpts)
            && other.Type.ToString() == Type.ToString() && other.Type.GetType() == Type.GetType()
            && PyRepr.Repr(other.Default) == PyRepr.Repr(Default));

    /// <summary>Whether a default holds an unescaped <c>$</c> reference, which is validated only when used.</summary>
    internal static bool IsReference(object? value)
    {
        if (value is not string s)
        {
            return false;
        }

        string stripped = s.Replace("\\$", "", StringComparison.Ordinal).Replace("$$", "", StringComparison.Ordinal);
        return stripped.Contains('$', StringComparison.Ordinal);
    }

    private object? CheckDefault(object? value)
    {
        if (value is null || IsReference(value) || (value is IEnumerable e and not string && e.Cast<object?>().Any(IsReference)))
        {
            return value;
        }

        try
        {
            return ConvertValue(value);
        }
        catch (ConfigValueException ex)
        {
            throw new DefaultValueException($"Error processing default value {PyRepr.Display(value)} for Opt type of {Type}.", ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}({Name})";
}
