namespace Oslo.Config;

/// <summary>An operation needs <see cref="ConfigOpts.Parse"/> to have run (oslo's <c>NotInitializedError</c>).</summary>
public sealed class NotInitializedException : OsloConfigException
{
    /// <summary>Creates the exception with oslo's text.</summary>
    public NotInitializedException() : base("call expression on parser has not been invoked") { }
}
