namespace Oslo.Service.Tests.Support;

/// <summary>Waits for an observable effect with a deadline on the real clock, instead of assuming it happened.</summary>
internal static class Eventually
{
    /// <summary>Generous, because the machine is shared; a passing test returns as soon as the condition holds.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        DateTime limit = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }

    public static async Task<T> CompletesAsync<T>(Task<T> task, TimeSpan? deadline = null) =>
        await task.WaitAsync(deadline ?? DefaultDeadline);

    public static async Task CompletesAsync(Task task, TimeSpan? deadline = null) =>
        await task.WaitAsync(deadline ?? DefaultDeadline);
}
