using System.Diagnostics;

namespace Oslo.Testing.Processes;

/// <summary>Waits on conditions outside a transcript (counters, /proc) with a deadline, checking every 20 ms.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"not true within {deadline}: {what}");
            }

            await Task.Delay(20);
        }
    }
}
