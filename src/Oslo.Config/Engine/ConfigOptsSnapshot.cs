namespace Oslo.Config;

/// <summary>
/// A consistent view of a <see cref="ConfigOpts"/> taken by <see cref="ConfigOpts.GetSnapshot"/>: reads through
/// it all come from the same parse, so two options that change together in a reload are seen together.
/// </summary>
public sealed class ConfigOptsSnapshot
{
    private readonly ConfigOpts _conf;
    private readonly ConfigState _state;

    internal ConfigOptsSnapshot(ConfigOpts conf, ConfigState state)
    {
        _conf = conf;
        _state = state;
    }

    /// <summary>The value of an option, as <see cref="ConfigOpts.GetValue(string, string?)"/> at the time of the snapshot.</summary>
    public object? GetValue(string name, string? group = null) => _conf.GetValue(_state, name, group);

    /// <summary>The typed value of an option, as <see cref="ConfigOpts.Get{T}(Opt{T}, OptGroup?)"/> at the time of the snapshot.</summary>
    public T? Get<T>(Opt<T> opt, OptGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(opt);
        return GetValue(opt.Dest, group?.Name) is T t ? t : default;
    }

    /// <summary>The value of an option with a value type, as <see cref="ConfigOpts.Get{T}(Opt{T?}, OptGroup?)"/>.</summary>
    /// <exception cref="RequiredOptException">The option has no value and no default.</exception>
    public T Get<T>(Opt<T?> opt, OptGroup? group = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return GetValue(opt.Dest, group?.Name) is T t ? t : throw new RequiredOptException(opt.Dest, group?.Name);
    }

    /// <summary>The value of an option with a value type, or null (oslo's <c>None</c>) when it has none.</summary>
    public T? GetOrNull<T>(Opt<T?> opt, OptGroup? group = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(opt);
        return GetValue(opt.Dest, group?.Name) is T t ? t : null;
    }
}
