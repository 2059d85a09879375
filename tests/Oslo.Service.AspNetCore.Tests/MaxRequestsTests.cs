using System.Globalization;
using System.Text.RegularExpressions;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// #17 recycling for <c>UseOsloWorkers</c>, real processes: with <c>Oslo:MaxRequests</c> the app's requests are
/// counted in each worker (its <c>MapHealthChecks</c> endpoint not), and under keep-alive load every worker is
/// replaced under its own id through the readiness-gated path, with no failed request.
/// </summary>
public sealed partial class MaxRequestsTests
{
    private const int MaxRequests = 300;

    [Fact]
    public async Task MaxRequests_TwoWorkersUnderKeepAliveLoad_EveryWorkerRecycledUnderItsId_NoFailedRequest_HealthProbesNotCounted()
    {
        await using AppProcess app = await AppProcess.StartAsync(
            TestApp.Settings("recycle", 2), null, $"--Oslo:MaxRequests={MaxRequests}", "--Oslo:MaxRequestsJitter=50");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        Dictionary<int, int> original = Started(app.Transcript);
        Assert.True(original.Count == 2, app.Transcript);
        Target target = Target.Http(port);

        // 2,000 probes on 8 connections: whichever worker took them, one would be far past max_requests if they counted.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ProbeAsync(target, "/healthz", 250))));
        // The counts reach the parent with the next heartbeats (every second), sampled every second: absence needs time.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.True(app.Lines("Recycling worker").Count == 0, app.Transcript);

        await using var load = new KeepAliveLoad(target, 4);
        var replaced = new Dictionary<int, int>();
        foreach ((int pid, int id) in original)
        {
            await app.WaitForLineAsync($"Recycling worker {id} (pid {pid}): max_requests: served", deadline: TimeSpan.FromSeconds(120));
            string swapped = await app.WaitForLineAsync($"ready, stopping {pid}", deadline: TimeSpan.FromSeconds(120));
            Match match = Replacement().Match(swapped);
            Assert.True(match.Success, swapped);
            Assert.Equal(id, int.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture));
            replaced[id] = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            await app.WaitForLineAsync($"Child {pid} exited with status 0", deadline: TimeSpan.FromSeconds(60));
        }

        // Each replacement serves, under its predecessor's id.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!replaced.All(r => load.Bodies.Any(body => body.Contains($"worker={r.Key} ", StringComparison.Ordinal) && body.Contains($"pid={r.Value}\n", StringComparison.Ordinal))))
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        await load.StopAsync();
        Assert.True(load.Failed == 0, string.Join('\n', load.Errors.Take(20)) + "\n" + app.Transcript);
        Assert.True(load.Ok > 2 * MaxRequests, $"{load.Ok} requests");
        Assert.DoesNotContain(replaced.Values, original.ContainsKey);
    }

    private static async Task ProbeAsync(Target target, string path, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using HttpProbe probe = await HttpProbe.ConnectAsync(target, timeout.Token);
        for (int i = 0; i < count; i++)
        {
            Response response = await probe.GetAsync(path, close: false, timeout.Token);
            Assert.Equal(200, response.Status);
        }
    }

    /// <summary>pid → worker id of every "Started child" line.</summary>
    private static Dictionary<int, int> Started(string transcript) =>
        StartedChild().Matches(transcript).ToDictionary(
            m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Started child (?<pid>\d+) \(service [^,]*, worker (?<id>\d+)\)")]
    private static partial Regex StartedChild();

    [GeneratedRegex(@"Worker (?<id>\d+): replacement (?<pid>\d+) ready, stopping \d+")]
    private static partial Regex Replacement();
}
