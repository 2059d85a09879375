using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Oslo.Config;

/// <summary>
/// Everything a read needs, immutable and swapped atomically: registrations, the startup parse (read by
/// immutable options), the current parse (read by mutable options), overrides, set defaults, and a value cache
/// that lives exactly as long as this state.
/// </summary>
internal sealed class ConfigState(Registry registry, ParsedConfig? startup, ParsedConfig? current,
    ImmutableDictionary<OptKey, object?> overrides, ImmutableDictionary<OptKey, object?> defaults)
{
    public static readonly ConfigState Initial = new(Registry.Empty, null, null,
        ImmutableDictionary<OptKey, object?>.Empty, ImmutableDictionary<OptKey, object?>.Empty);

    public Registry Registry { get; } = registry;

    public ParsedConfig? Startup { get; } = startup;

    public ParsedConfig? Current { get; } = current;

    public ImmutableDictionary<OptKey, object?> Overrides { get; } = overrides;

    public ImmutableDictionary<OptKey, object?> Defaults { get; } = defaults;

    // Sized for every option up front: resizing a ConcurrentDictionary takes all its locks.
    public ConcurrentDictionary<OptKey, object?> Cache { get; } =
        new(Environment.ProcessorCount, Math.Max(31, registry.OptCount * 2));

    public ConfigState With(Registry? registry = null, ParsedConfig? startup = null, ParsedConfig? current = null,
        ImmutableDictionary<OptKey, object?>? overrides = null, ImmutableDictionary<OptKey, object?>? defaults = null,
        bool clearParsed = false) =>
        new(registry ?? Registry,
            clearParsed ? null : startup ?? Startup,
            clearParsed ? null : current ?? Current,
            overrides ?? Overrides,
            defaults ?? Defaults);
}
