using System.Text.RegularExpressions;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// #17 memory budget, real processes: 4 workers with <c>Oslo:WorkerMemoryBudgetMb = 512</c> — every worker's GC
/// reports its 128 MiB share as <c>GC.GetGCMemoryInfo().TotalAvailableMemoryBytes</c>; so does each of 2 workers with 2
/// spares, which share the budget with them.
/// </summary>
public sealed partial class MemoryBudgetTests
{
    [Fact]
    public async Task FourWorkers_512MiBBudget_EachWorkersGcReportsItsShare()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("budget", 4), null, "--Oslo:WorkerMemoryBudgetMb=512");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 4);

        var seen = new Dictionary<int, string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (seen.Count < 4)
        {
            deadline.Token.ThrowIfCancellationRequested();
            Response response = await HttpProbe.GetOnceAsync(Target.Http(port), "/gc");
            Match fields = GcLine().Match(response.Body);
            Assert.True(fields.Success, response.Body);
            seen[int.Parse(fields.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture)] = response.Body;
        }

        Assert.DoesNotContain(app.Pid, seen.Keys);
        Assert.All(seen.Values, body =>
        {
            Match fields = GcLine().Match(body);
            Assert.Equal(128L * 1024 * 1024, long.Parse(fields.Groups["available"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("8000000", fields.Groups["limit"].Value);
        });

        app.Signal(AppProcess.SigTerm);
        Assert.Equal(0, await app.WaitForExitAsync());
    }

    [Fact]
    public async Task TwoWorkersTwoSpares_512MiBBudget_SharedByAllFour_EachWorkersGcReports128MiB()
    {
        await using AppProcess app = await AppProcess.StartAsync(
            TestApp.Settings("spares", 2), null, "--Oslo:WorkerMemoryBudgetMb=512", "--Oslo:SpareWorkers=2");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);

        var seen = new Dictionary<int, string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (seen.Count < 2)
        {
            deadline.Token.ThrowIfCancellationRequested();
            Response response = await HttpProbe.GetOnceAsync(Target.Http(port), "/gc");
            Match fields = GcLine().Match(response.Body);
            Assert.True(fields.Success, response.Body);
            seen[int.Parse(fields.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture)] = response.Body;
        }

        // Spares are resident processes: the budget is divided over 2 workers + 2 spares, not over the workers alone.
        Assert.All(seen.Values, body => Assert.Equal(128L * 1024 * 1024, long.Parse(GcLine().Match(body).Groups["available"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        app.Signal(AppProcess.SigTerm);
        Assert.Equal(0, await app.WaitForExitAsync());
    }

    [GeneratedRegex(@"^available=(?<available>\d+) limit=(?<limit>\w*) heaps=\w* pid=(?<pid>\d+)")]
    private static partial Regex GcLine();
}
