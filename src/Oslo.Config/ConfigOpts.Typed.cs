namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// The value of an option whose type is a value type (<see cref="IntOpt"/>, <see cref="BoolOpt"/>,
    /// <see cref="FloatOpt"/>, <see cref="PortOpt"/>...), as <typeparamref name="T"/> rather than <c>T?</c>: an
    /// option with a default always has a value, so <c>int workers = conf.Get(Workers)</c> needs no <c>?? 4</c>
    /// restating it. For an option without a default that may be unset (oslo's <c>None</c>) use
    /// <see cref="GetOrNull{T}(Opt{T?}, OptGroup?)"/>.
    /// </summary>
    /// <exception cref="RequiredOptException">The option has no value and no default.</exception>
    /// <exception cref="NoSuchOptException">The option is not registered in that group.</exception>
    /// <exception cref="ConfigFileValueException">The file value is not valid; the message names file and line.</exception>
    public T Get<T>(Opt<T?> opt, OptGroup? group = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return GetValue(opt.Dest, group?.Name) is T t ? t : throw new RequiredOptException(opt.Dest, group?.Name);
    }

    /// <summary>The value of an option whose type is a value type, or null (oslo's <c>None</c>) when it has none.</summary>
    public T? GetOrNull<T>(Opt<T?> opt, OptGroup? group = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return GetValue(opt.Dest, group?.Name) is T t ? t : null;
    }

    /// <summary>
    /// A view of one group: <c>var sup = conf.Group(SupervisionOptions.Group); sup.Get(RestartIntensity)</c> reads
    /// <c>[process_launcher] restart_intensity</c> without repeating the group at every read.
    /// </summary>
    /// <exception cref="NoSuchGroupException">The group is not registered.</exception>
    public ConfigGroup Group(OptGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Group(group.Name);
    }

    /// <summary>A view of one group by name (<c>DEFAULT</c> for the default group).</summary>
    /// <exception cref="NoSuchGroupException">The group is not registered.</exception>
    public ConfigGroup Group(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? key = name == OptGroup.DefaultName ? null : name;
        _ = State.Registry.FindGroup(key) ?? throw new NoSuchGroupException(name);
        return new ConfigGroup(this, key);
    }
}
