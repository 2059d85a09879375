using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// Standard output whose reader stops reading (<c>HelloApi … | sleep infinity</c>, a paused pager, a stuck log
/// shipper): the service can still be stopped, and what an unhandled exception leaves queued is written.
/// </summary>
public sealed class LogStallTests(ITestOutputHelper output)
{
    private const int SigInt = 2;

    [Fact]
    public async Task StalledStdout_UnderLoad_SigintStillExits()
    {
        string directory = ServiceProcess.NewDirectory("oslo-chaos-stall-");
        int port = FreePort();
        string config = Path.Combine(directory, "hello.conf");
        // The access log is on (oslo's default format): every request writes a line to the stalled pipe.
        File.WriteAllText(config, $"""
            [DEFAULT]
            bind_host = 127.0.0.1
            bind_port = {port}
            workers = 2
            greeting = stalled
            report_interval = 60
            api_paste_config = {Path.Combine(Repo.HelloApiDirectory, "api-paste.ini")}
            graceful_shutdown_timeout = 30
            log_options = false
            """);
        var info = new ProcessStartInfo("setsid")
        {
            // Standard output is a pipe nobody reads: it fills (64 KiB), then the logger's queue does (1 MiB).
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string arg in new[] { Repo.Dotnet, Repo.HelloApiDll, "--config-file", config })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string variable in new[] { "NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS" })
        {
            info.Environment.Remove(variable);
        }

        using var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { };
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(() => TryGet(port, "/", TimeSpan.FromSeconds(2)).GetAwaiter().GetResult() == 200, "HelloApi answers", TimeSpan.FromSeconds(90));

            // Requests with 6 KB paths: each access line is 6 KB, so a few hundred fill the pipe and the queue.
            string path = "/" + new string('s', 6000);
            int answered = 0, stuck = 0;
            var load = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (load.Elapsed < TimeSpan.FromSeconds(40) && Volatile.Read(ref stuck) < 2)
                {
                    if (await TryGet(port, path, TimeSpan.FromSeconds(2)) is 0)
                    {
                        Interlocked.Increment(ref stuck);
                    }
                    else
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
            })));
            output.WriteLine($"load: {answered} answered, {stuck} timed out after {load.Elapsed.TotalSeconds:F1} s (the log pipe is full)");

            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, Posix.Kill(process.Id, SigInt));
            bool exited = await Task.Run(() => process.WaitForExit(TimeSpan.FromSeconds(40)));
            output.WriteLine(exited ? $"SIGINT: the parent exited with {process.ExitCode} after {stopping.Elapsed.TotalSeconds:F1} s" : "SIGINT: the parent did not exit within 40 s");
            Assert.True(exited, "the parent did not exit within 40 s of SIGINT with its standard output stalled");
            await Poll.UntilAsync(() => !ProcFs.Session(process.Id).Any(p => p.State is not ('Z' or 'X')), "no worker left", TimeSpan.FromSeconds(15));
        }
        finally
        {
            _ = Posix.Kill(-process.Id, Posix.SigKill);
            _ = Posix.Kill(process.Id, Posix.SigKill);
            process.WaitForExit(10_000);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task UnhandledException_QueuedLinesAreWritten()
    {
        // The WorkerHost logs this many lines through the Oslo console logger, then throws from Main.
        const int Lines = 50_000;
        string directory = ServiceProcess.NewDirectory("oslo-chaos-crash-");
        await using var process = ServiceProcess.Start(directory, Repo.WorkerHostDll, [],
            new Dictionary<string, string> { ["WORKERHOST_LOG_THEN_THROW"] = Lines.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        int status = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        int written = process.LinesWith("burst line ").Count;
        output.WriteLine($"exit status {status}; {written} of {Lines} lines written before the process died");

        Assert.NotEqual(0, status);
        Assert.Contains(process.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.Equal(Lines, written);
        Assert.Contains($"burst line {Lines - 1} ", process.LinesWith("burst line ")[^1], StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>The status of one GET on a new connection; 0 when there is none within the deadline.</summary>
    private static async Task<int> TryGet(int port, string path, TimeSpan deadline)
    {
        try
        {
            await using RawHttp http = await RawHttp.ConnectAsync(port).WaitAsync(deadline);
            await http.SendAsync($"GET {path} HTTP/1.1\r\nHost: hello\r\nConnection: close\r\n\r\n");
            return (await http.ReadResponseAsync(deadline)).Status;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException)
        {
            return 0;
        }
    }
}
