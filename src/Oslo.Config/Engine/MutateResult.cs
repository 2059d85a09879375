namespace Oslo.Config;

/// <summary>What <see cref="ConfigOpts.MutateConfigFiles()"/> did.</summary>
public sealed class MutateResult
{
    internal MutateResult(Exception? error, IReadOnlyDictionary<OptKey, OptChange> changes)
    {
        Error = error;
        Changes = changes;
    }

    /// <summary>True when the files were read and the mutable options now have their new values.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why nothing changed (a broken or missing file, a bad value, a missing required option).</summary>
    public Exception? Error { get; }

    /// <summary>The mutable options whose value changed, with typed old and new values.</summary>
    public IReadOnlyDictionary<OptKey, OptChange> Changes { get; }
}
