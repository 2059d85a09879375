using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>What a worker's own children inherit from it (issue #15 item 4).</summary>
public sealed class WorkerIsolationTests
{
    [Fact]
    public async Task ChildOfAStartingWorker_SeesOnlyStdioAndNoOsloVariable_InDotnetOrLibcEnvironment()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 1), new Dictionary<string, string> { ["WORKERHOST_PROBE_CHILD"] = "1" });

        string fds = await host.WaitForLineAsync(l => l.StartsWith("child-fds", StringComparison.Ordinal), "the child's descriptors");
        string env = await host.WaitForLineAsync(l => l.StartsWith("child-env", StringComparison.Ordinal), "the child's environment");
        string libc = await host.WaitForLineAsync(l => l.StartsWith("libc-env", StringComparison.Ordinal), "the C library's environment");

        // 3 is ls's own descriptor on /proc/self/fd; anything more was inherited from the worker.
        Assert.EndsWith(" fds=0,1,2,3", fds.TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith(" oslo=", env.TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith(" oslo=", libc.TrimEnd(), StringComparison.Ordinal);
    }
}
