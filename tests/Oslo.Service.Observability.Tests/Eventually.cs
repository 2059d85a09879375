namespace Oslo.Service.Observability.Tests;

/// <summary>Waits for a condition with a deadline (generous: the test machine is shared), never a bare sleep.</summary>
internal static class Eventually
{
    internal static async Task<T> ValueAsync<T>(Func<T?> probe, string what, Func<string>? context = null, TimeSpan? deadline = null)
        where T : class
    {
        DateTime end = DateTime.UtcNow + (deadline ?? ChildProcess.Deadline);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"Timed out waiting for {what}.\n{context?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }

    internal static async Task<T> TrueAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? deadline = null)
    {
        DateTime end = DateTime.UtcNow + (deadline ?? ChildProcess.Deadline);
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {last}");
            }

            await Task.Delay(200);
        }
    }
}
