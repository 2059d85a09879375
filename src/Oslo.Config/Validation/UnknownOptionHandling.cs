namespace Oslo.Config;

/// <summary>What <see cref="ConfigOpts.Validate()"/> does with sections and options no registered option matches.</summary>
public enum UnknownOptionHandling
{
    /// <summary>Log a warning with the file and line (the default: a library may register its group later).</summary>
    Warn,

    /// <summary>Fail validation, like a bad value (the strict setting).</summary>
    Error,

    /// <summary>Say nothing (oslo.config's behaviour).</summary>
    Ignore,
}
