using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run service [--runs N]</c>: the single-process launcher against Python oslo.service 3.x, each running the
/// same idle sample service (samples/FooService and bench/peers/service_oslo.py) as a daemon in its own session. Ours
/// is published twice and measured for every figure: Native AOT (system <c>ours</c>, ratios <c>ratio_oslo</c>) and
/// Release ReadyToRun (system <c>ours_r2r</c>, ratios against oslo as <c>ratio_oslo_r2r</c>). Figures: <c>ready_ms</c> (exec to systemd's READY=1 on a socket the bench binds),
/// <c>hup_ms</c> (SIGHUP to the reload being done: our READY=1 after RELOADING=1; oslo's service printing
/// "started" again, since oslo 3.x sends READY=1 only once) and <c>term_ms</c> (SIGTERM to process exit). Ours is
/// the median of N runs within one repetition (default 1: bench/run repeats the whole scenario 5 times), oslo's of min(N, 3), because its signal handling can wait for its event loop
/// to wake up (here: at most the 10 s heartbeat), so one of its runs can take tens of seconds. Each signal is sent
/// after one idle second.
/// </summary>
internal sealed class ServiceScenario : IScenario
{
    private const string Scenario = "service";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_idle = TimeSpan.FromSeconds(1);

    public string Name => Scenario;

    /// <inheritdoc/>
    public string Help => """
        The single-process launcher against Python oslo.service: READY=1, SIGHUP reload and SIGTERM times.
        options:
          --runs N          runs of each kind within one repetition (default 1)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        int runs = args.Count >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        string root = FindRepositoryRoot();
        string project = Path.Combine(root, "samples", "FooService", "FooService.csproj");
        // Release, compiled ahead of time as a service would be deployed: Native AOT (ours) and ReadyToRun (ours_r2r);
        // ReadyToRun only when the AOT link fails, and a plain Release build if the ReadyToRun compiler cannot be restored.
        string publishRoot = Path.Combine(root, "samples", "FooService", "bin", "Release", "net10.0");
        var systems = new List<(string System, string Ratio, string Program)>();
        if (await NativeAotPublish.PublishAsync(project, Path.Combine(publishRoot, "bench-aot"), cancellationToken))
        {
            systems.Add(("ours", "oslo", Path.Combine(publishRoot, "bench-aot", "FooService")));
        }
        else
        {
            Console.Error.WriteLine("bench service: the Native AOT publish failed (it links with clang: apt-get install clang); measuring ReadyToRun only (ours_r2r)");
        }

        string published = Path.Combine(publishRoot, "bench-r2r");
        string sample = Path.Combine(published, "FooService");
        if (await RunToEndAsync("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", published, "-v", "quiet", "-nologo"], cancellationToken) != 0)
        {
            Console.Error.WriteLine("bench service: ReadyToRun publish failed; measuring the plain Release build as ours_r2r");
            sample = Path.Combine(publishRoot, "FooService");
            if (await RunToEndAsync("dotnet", ["build", project, "-c", "Release", "-v", "quiet", "-nologo"], cancellationToken) != 0)
            {
                Console.Error.WriteLine("bench service: building samples/FooService failed");
                return 1;
            }
        }

        systems.Add(("ours_r2r", "oslo_r2r", sample));
        string config = Path.Combine(Path.GetTempPath(), $"oslo-bench-foo-{Environment.ProcessId}.conf");
        File.Copy(Path.Combine(root, "samples", "FooService", "foo.conf"), config, overwrite: true);
        try
        {
            var measured = new List<(string Ratio, Measurement Median)>();
            foreach ((string system, string ratio, string program) in systems)
            {
                var ours = new List<Measurement>();
                for (int i = 0; i < runs; i++)
                {
                    ours.Add(await MeasureAsync([program, "--config-file", config], hupDoneByStdout: null, cancellationToken));
                }

                Measurement oursMedian = Measurement.Median(ours);
                oursMedian.Print(system);
                measured.Add((ratio, oursMedian));
            }

            string peer = Path.Combine(root, "bench", "peers", "service_oslo.py");
            if (!File.Exists("/usr/bin/python3") || await RunToEndAsync("/usr/bin/python3", ["-c", "import oslo_service.service"], cancellationToken) != 0)
            {
                Console.Error.WriteLine("bench service: Python oslo.service is not installed (apt-get install python3-oslo.service); no peer figures");
                return 0;
            }

            var osloRuns = new List<Measurement>();
            for (int i = 0; i < Math.Min(runs, 3); i++)
            {
                osloRuns.Add(await MeasureAsync(["/usr/bin/python3", peer, "--config-file", config], hupDoneByStdout: "started", cancellationToken));
            }

            Measurement oslo = Measurement.Median(osloRuns);
            oslo.Print("oslo");
            foreach ((string ratio, Measurement oursMedian) in measured)
            {
                Figures.Ratio(Scenario, ratio, "ready_ms", oursMedian.ReadyMs, oslo.ReadyMs);
                Figures.Ratio(Scenario, ratio, "hup_ms", oursMedian.HupMs, oslo.HupMs);
                Figures.Ratio(Scenario, ratio, "term_ms", oursMedian.TermMs, oslo.TermMs);
            }
            return 0;
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>
    /// One run of each kind, on fresh processes started as daemons with NOTIFY_SOCKET: READY=1, one idle second, then
    /// SIGHUP until the reload is done; and READY=1, one idle second, then SIGTERM until the process exits. (Separate
    /// processes, because oslo.service 3.0 does not exit on a SIGTERM that follows a SIGHUP reload at all.)
    /// </summary>
    private static async Task<Measurement> MeasureAsync(string[] command, string? hupDoneByStdout, CancellationToken cancellationToken)
    {
        (double readyHup, double hupMs) = await RunOnceAsync(command, PosixSignalKind.Hup, hupDoneByStdout, cancellationToken);
        (double readyTerm, double termMs) = await RunOnceAsync(command, PosixSignalKind.Term, hupDoneByStdout, cancellationToken);
        return new Measurement(Math.Min(readyHup, readyTerm), hupMs, termMs);
    }

    private enum PosixSignalKind
    {
        Hup,
        Term,
    }

    private static async Task<(double ReadyMs, double SignalMs)> RunOnceAsync(string[] command, PosixSignalKind kind, string? hupDoneByStdout, CancellationToken cancellationToken)
    {
        string socketPath = Path.Combine(Path.GetTempPath(), $"oslo-bench-notify-{Guid.NewGuid():N}.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string word in command.Skip(1))
        {
            info.ArgumentList.Add(word);
        }

        info.Environment["NOTIFY_SOCKET"] = socketPath;
        var lines = Channel.CreateUnbounded<string>();
        var clock = Stopwatch.StartNew();
        using ChildProcess child = ChildProcess.Start(info); // a daemon in a group of its own
        Process process = child.Process;
        _ = PumpAsync(process.StandardOutput, lines.Writer);
        _ = PumpAsync(process.StandardError, null);
        try
        {
            await ReceiveUntilAsync(notify, "READY=1", cancellationToken);
            double readyMs = clock.Elapsed.TotalMilliseconds;
            if (hupDoneByStdout is not null)
            {
                // oslo may send READY=1 before the service's first start() has printed; that line is not the reload.
                await WaitForLineAsync(lines.Reader, hupDoneByStdout, cancellationToken);
            }

            // Let the service go idle (oslo sends READY=1 before it installs its signal handlers, and an idle
            // event loop is the case that matters) before the signal.
            await Task.Delay(s_idle, cancellationToken);
            clock.Restart();
            if (kind == PosixSignalKind.Hup)
            {
                Signal(process.Id, SigHup);
                if (hupDoneByStdout is null)
                {
                    await ReceiveUntilAsync(notify, "READY=1", cancellationToken);
                }
                else
                {
                    await WaitForLineAsync(lines.Reader, hupDoneByStdout, cancellationToken);
                }

                return (readyMs, clock.Elapsed.TotalMilliseconds);
            }

            Signal(process.Id, SigTerm);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_deadline);
            await process.WaitForExitAsync(deadline.Token);
            return (readyMs, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            if (!process.HasExited)
            {
                _ = Kill(-process.Id, 9);
            }

            File.Delete(socketPath);
        }
    }

    private static async Task ReceiveUntilAsync(Socket socket, string prefix, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_deadline);
        var buffer = new byte[4096];
        while (true)
        {
            int received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            if (Encoding.UTF8.GetString(buffer, 0, received).StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    private static async Task WaitForLineAsync(ChannelReader<string> lines, string text, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_deadline);
        while (!(await lines.ReadAsync(deadline.Token)).Contains(text, StringComparison.Ordinal))
        {
        }
    }

    private static async Task PumpAsync(StreamReader reader, ChannelWriter<string>? lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines?.TryWrite(line);
        }

        lines?.TryComplete(new InvalidOperationException("the service exited"));
    }

    private sealed record Measurement(double ReadyMs, double HupMs, double TermMs)
    {
        public static Measurement Median(IReadOnlyList<Measurement> runs) => new(
            MedianOf(runs.Select(r => r.ReadyMs)),
            MedianOf(runs.Select(r => r.HupMs)),
            MedianOf(runs.Select(r => r.TermMs)));

        public void Print(string system)
        {
            Figures.Print(Scenario, system, "ready_ms", Math.Round(ReadyMs, 1));
            Figures.Print(Scenario, system, "hup_ms", Math.Round(HupMs, 1));
            Figures.Print(Scenario, system, "term_ms", Math.Round(TermMs, 1));
        }

        private static double MedianOf(IEnumerable<double> values)
        {
            double[] sorted = [.. values.Order()];
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
