using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using Oslo.Packaging.Tests.NativeAot;

namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// <c>dotnet new oslo-api</c> from the installed package, built against the packed packages with an empty cache: the
/// minimal API answers from its worker processes, its health check is Healthy, and SIGTERM to the parent exits 0
/// with no worker left.
/// </summary>
[Collection(TemplatesCollection.Name)]
public sealed partial class ApiTemplateTests(TemplatePackage package)
{
    [Fact]
    public async Task OsloApi_TwoWorkers_ServesHelloAndHealthyThenSigtermExitsZero()
    {
        string project = await package.NewAsync("oslo-api", "HelloWorkers");
        await package.BuildAsync(project);
        int port = FreePort();
        string url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

        // --urls wins over the template's "Urls" in appsettings.json; Oslo__Workers over its Oslo:Workers.
        await using var run = TemplateAppRun.Start(Path.Combine(project, "bin", "Release", "net10.0", "HelloWorkers"),
            ["--urls", url], project, new Dictionary<string, string> { ["Oslo__Workers"] = "2" });
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        string hello = await GetWhenServingAsync(run, client, url + "/");
        Match answer = HelloLine().Match(hello);
        Assert.True(answer.Success, hello);
        Assert.Equal("2", answer.Groups["count"].Value);
        int worker = int.Parse(answer.Groups["pid"].Value, CultureInfo.InvariantCulture);
        Assert.NotEqual(run.Pid, worker);
        using (HttpResponseMessage health = await client.GetAsync(url + "/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }

        run.Signal(Posix.SigTerm);

        Assert.True(await run.WaitForExitAsync() == 0, run.Transcript);
        Assert.False(TemplateAppRun.IsAlive(worker), run.Transcript);
    }

    /// <summary>GETs <paramref name="url"/> until it answers 200 (the workers take a moment to start); returns the body.</summary>
    private static async Task<string> GetWhenServingAsync(TemplateAppRun run, HttpClient client, string url)
    {
        string? body = null;
        await run.WaitForAsync(async () =>
        {
            try
            {
                using HttpResponseMessage response = await client.GetAsync(url);
                body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            }
            catch (HttpRequestException)
            {
                body = null;
            }

            return body is not null;
        }, $"GET {url} answering 200");
        return body!;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"^hello from worker (?<id>\d+) of (?<count>\d+) \(pid (?<pid>\d+)\)\n$")]
    private static partial Regex HelloLine();
}
