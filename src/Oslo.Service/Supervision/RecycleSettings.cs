using Oslo.Config;

namespace Oslo.Service.Supervision;

/// <summary>The values of <see cref="RecycleOptions"/> as the recycler uses them; every limit 0 / zero means off.</summary>
internal sealed record RecycleSettings
{
    /// <summary>Recycling off (the defaults).</summary>
    internal static RecycleSettings Off { get; } = new();

    internal long MaxRequests { get; init; }

    internal int MaxRequestsJitter { get; init; }

    /// <summary>The RSS limit in bytes; 0 disables.</summary>
    internal long MaxMemoryBytes { get; init; }

    internal TimeSpan MemoryWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><see cref="TimeSpan.Zero"/> disables it.</summary>
    internal TimeSpan MaxAge { get; init; }

    /// <summary>True when any limit is set.</summary>
    internal bool Enabled => MaxRequests > 0 || MaxMemoryBytes > 0 || MaxAge > TimeSpan.Zero;

    /// <summary>Reads the options of a parsed <paramref name="conf"/> (registering them first).</summary>
    internal static RecycleSettings FromConfig(ConfigOpts conf)
    {
        RecycleOptions.Register(conf);
        OptGroup group = SupervisionOptions.Group;
        return new RecycleSettings
        {
            MaxRequests = conf.Get(RecycleOptions.MaxRequests, group),
            MaxRequestsJitter = conf.Get(RecycleOptions.MaxRequestsJitter, group),
            MaxMemoryBytes = (long)conf.Get(RecycleOptions.MaxWorkerMemoryMb, group) << 20,
            MemoryWindow = TimeSpan.FromSeconds(conf.Get(RecycleOptions.MaxWorkerMemoryWindow, group)),
            MaxAge = TimeSpan.FromSeconds(conf.Get(RecycleOptions.MaxWorkerAge, group)),
        };
    }
}
