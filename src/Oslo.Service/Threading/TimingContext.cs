namespace Oslo.Service.Threading;

/// <summary>
/// Which group thread or looping call owns the current async flow. One slot for both, so that a timer started from
/// inside a thread does not inherit the thread's identity: each sets itself when it starts running.
/// </summary>
internal static class TimingContext
{
    private static readonly AsyncLocal<object?> s_owner = new();

    /// <summary>The owner of the current flow: a <see cref="GroupThread"/>, a looping call, or null.</summary>
    public static object? Owner
    {
        get => s_owner.Value;
        set => s_owner.Value = value;
    }
}
