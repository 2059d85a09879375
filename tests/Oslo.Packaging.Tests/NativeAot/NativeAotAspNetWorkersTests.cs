using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>
/// #13 item 6: a <c>WebApplication.CreateSlimBuilder</c> app with <c>builder.UseOsloWorkers()</c>, published as Native
/// AOT with no trimming or AOT warning, runs as 2 workers on the endpoint of <c>ASPNETCORE_URLS</c> and stops on
/// SIGTERM with exit 0; a SIGHUP under keep-alive load replaces both workers with no failed request.
/// </summary>
public sealed class NativeAotAspNetWorkersTests
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task SlimBuilderWithUseOsloWorkers_PublishedAot_TwoWorkersServe_SigtermExitsZero()
    {
        DirectoryInfo temp = Directory.CreateTempSubdirectory("oslo-aot-aspnet-");
        Process? app = null;
        try
        {
            string output = Path.Combine(temp.FullName, "out");
            string project = Path.Combine(RepositoryRoot.Path, "tests", "Oslo.Service.AspNetCore.AotApp", "Oslo.Service.AspNetCore.AotApp.csproj");
            List<string> args =
            [
                "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true",
                "--artifacts-path", Path.Combine(temp.FullName, "artifacts"), "-o", output, "-nologo",
            ];
            if (Oslo.Bench.NativeAotLinker.VersionedClang() is { } clang)
            {
                args.Add("-p:CppCompilerAndLinker=" + clang);
            }

            ProcessResult publish = await ProcessResult.RunAsync("dotnet", args, temp.FullName,
                new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, s_publishTimeout);
            string program = Path.Combine(output, "Oslo.Service.AspNetCore.AotApp");
            Assert.True(publish.ExitCode == 0 && File.Exists(program), "Native AOT publish failed (needs clang).\n" + publish.Describe());
            Assert.DoesNotContain("warning IL", publish.Stdout, StringComparison.Ordinal);

            int port = FreePort();
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = output };
            start.ArgumentList.Add(program);
            start.Environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
            start.Environment["Oslo__Workers"] = "2";
            app = Process.Start(start)!;
            var lines = new List<string>();
            Task readers = Task.WhenAll(Pump(app.StandardOutput, lines), Pump(app.StandardError, lines));

            var seen = new HashSet<string>(StringComparer.Ordinal);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (seen.Count < 2)
            {
                Assert.False(deadline.IsCancellationRequested, "Both workers did not answer within 60 s:\n" + Describe(lines));
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"));
                    request.Headers.ConnectionClose = true;
                    using HttpResponseMessage response = await client.SendAsync(request, deadline.Token);
                    string body = await response.Content.ReadAsStringAsync(deadline.Token);
                    Assert.StartsWith("aot worker=", body, StringComparison.Ordinal);
                    seen.Add(body.Split(' ')[1]);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, deadline.Token);
                }
            }

            // SIGHUP under keep-alive load: the workers are replaced (new pids answer) and no request fails.
            var pidsBefore = new HashSet<string>(StringComparer.Ordinal);
            using var keepAlive = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
            var bodies = new List<string>();
            int failed = 0;
            using var stopLoad = new CancellationTokenSource();
            Task load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stopLoad.IsCancellationRequested)
                {
                    try
                    {
                        string body = await keepAlive.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
                        lock (bodies)
                        {
                            bodies.Add(body);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            })));
            try
            {
                await WaitForAsync(() => { lock (bodies) { return bodies.Count > 20; } }, "answers before the reload", lines);
                lock (bodies)
                {
                    pidsBefore.UnionWith(bodies.Select(Pid));
                }

                Assert.Equal(0, Posix.Kill(app.Id, Posix.SigHup));
                await WaitForAsync(() => { lock (lines) { return lines.Any(l => l.Contains("Reload completed", StringComparison.Ordinal)); } }, "Reload completed", lines);
                await WaitForAsync(() => { lock (bodies) { return bodies.TakeLast(10).Count(b => !pidsBefore.Contains(Pid(b))) == 10; } }, "answers from new workers only", lines);
            }
            finally
            {
                await stopLoad.CancelAsync();
                await load.WaitAsync(TimeSpan.FromSeconds(30));
            }

            Assert.True(failed == 0, $"{failed} requests failed across the SIGHUP reload:\n" + Describe(lines));

            Assert.Equal(0, Posix.Kill(app.Id, Posix.SigTerm));
            await app.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await readers;
            Assert.True(app.ExitCode == 0, Describe(lines));
        }
        finally
        {
            if (app is not null)
            {
                _ = Posix.Kill(-app.Id, Posix.SigKill);
                app.Dispose();
            }

            temp.Delete(recursive: true);
        }
    }

    private static string Pid(string body) => body.Split(' ').Last().Trim();

    private static async Task WaitForAsync(Func<bool> condition, string what, List<string> lines)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"No {what} within 60 s:\n" + Describe(lines));
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Pump(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static string Describe(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
