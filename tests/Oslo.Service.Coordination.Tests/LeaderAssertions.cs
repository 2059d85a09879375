using Oslo.Service.Coordination.Tests.Infrastructure;

namespace Oslo.Service.Coordination.Tests;

internal static class LeaderAssertions
{
    /// <summary>In start order, every run's token is at least the previous run's: a term never comes back.</summary>
    public static void TokensNeverDecrease(IReadOnlyList<Deployment.Run> runs, string transcript)
    {
        for (int i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Token >= runs[i - 1].Token,
                $"Run {i} (pid {runs[i].Pid}) has token {runs[i].Token} after token {runs[i - 1].Token} (pid {runs[i - 1].Pid}).\n{transcript}");
        }
    }

    public static bool IsRun(Replica.Line line) => line.Text.Contains("leader task ran token=", StringComparison.Ordinal);
}
