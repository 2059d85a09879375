namespace Oslo.Config;

/// <summary>
/// The options of one group of a <see cref="ConfigOpts"/> (oslo's <c>conf.group_name</c> attribute), from
/// <see cref="ConfigOpts.Group(OptGroup)"/>: every read goes to that group, so it cannot be forgotten at one
/// call site. Reads see the current values (a reload is seen by the next read).
/// </summary>
public sealed class ConfigGroup
{
    private readonly ConfigOpts _conf;

    internal ConfigGroup(ConfigOpts conf, string? name)
    {
        _conf = conf;
        Name = name ?? OptGroup.DefaultName;
        GroupKey = name;
    }

    /// <summary>The group name (<c>DEFAULT</c> for the default group).</summary>
    public string Name { get; }

    private string? GroupKey { get; }

    /// <summary>The value of an option of this group (reference types: null when unset and without default).</summary>
    public T? Get<T>(Opt<T> opt)
    {
        ArgumentNullException.ThrowIfNull(opt);
        return _conf.GetValue(opt.Dest, GroupKey) is T t ? t : default;
    }

    /// <summary>The value of a value-typed option of this group; see <see cref="ConfigOpts.Get{T}(Opt{T?}, OptGroup?)"/>.</summary>
    /// <exception cref="RequiredOptException">The option has no value and no default.</exception>
    public T Get<T>(Opt<T?> opt)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return _conf.GetValue(opt.Dest, GroupKey) is T t ? t : throw new RequiredOptException(opt.Dest, GroupKey);
    }

    /// <summary>The value of a value-typed option of this group, or null when it has none.</summary>
    public T? GetOrNull<T>(Opt<T?> opt)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return _conf.GetValue(opt.Dest, GroupKey) is T t ? t : null;
    }

    /// <summary>The value of an option of this group by name.</summary>
    public object? GetValue(string name) => _conf.GetValue(name, GroupKey);

    /// <summary>Binds this group to a new <typeparamref name="T"/>; see <see cref="ConfigOpts.Bind{T}(string?)"/>.</summary>
    public T Bind<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(ConfigOpts.BindMembers)] T>()
        where T : new() => _conf.Bind<T>(GroupKey);
}
