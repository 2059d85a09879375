using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench;

/// <summary>
/// The HTTP load phases the http and aspnet scenarios share: one <c>wrk -t2 -c64 --latency</c> run on 127.0.0.1
/// (keep-alive), and the same run with a SIGHUP to the server a third of the way in (the rolling replacement of every
/// worker under load), whose failed requests are the <c>reload_failed</c> figure.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>One <c>wrk</c> run of <paramref name="duration"/> (<c>10s</c>) against <paramref name="url"/>.</summary>
    public static async Task<WrkResult> RunAsync(string url, string duration, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-t2", "-c64", "-d" + duration, "--latency", url })
        {
            info.ArgumentList.Add(arg);
        }

        using ChildProcess child = ChildProcess.Start(info);
        Process wrk = child.Process;
        string output = await wrk.StandardOutput.ReadToEndAsync(cancellationToken);
        await wrk.WaitForExitAsync(cancellationToken);
        return WrkResult.Parse(output);
    }

    /// <summary>
    /// A <c>wrk</c> run with a SIGHUP to <paramref name="pid"/> a third of the way in: the reload (each new worker
    /// ready, each old one drained) fits in the run, with load before and after it.
    /// </summary>
    public static async Task<WrkResult> RunWithSighupAsync(string url, string duration, int pid, CancellationToken cancellationToken)
    {
        Task<WrkResult> running = RunAsync(url, duration, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(Seconds(duration) / 3), cancellationToken);
        Signal(pid, SigHup);
        return await running;
    }

    /// <summary>The seconds of a wrk duration: <c>10s</c>, <c>1m</c>.</summary>
    public static double Seconds(string duration) =>
        duration.EndsWith('m') ? 60 * double.Parse(duration[..^1], CultureInfo.InvariantCulture)
        : double.Parse(duration.TrimEnd('s'), CultureInfo.InvariantCulture);

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>The value after <paramref name="name"/> in a scenario's arguments, or null.</summary>
    public static string? ArgValue(IReadOnlyList<string> args, string name)
    {
        for (int i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}

/// <summary>What wrk printed: requests/s, the 99th percentile latency, what it counts as failed (socket errors plus
/// non-2xx answers), and the requests it completed.</summary>
internal sealed partial record WrkResult(double Rps, double P99Ms, long Failed, long Requests)
{
    public static WrkResult Parse(string output)
    {
        double rps = double.Parse(RpsRegex().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long requests = long.Parse(RequestsRegex().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Match p99 = P99Regex().Match(output);
        double value = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture);
        double ms = p99.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        long failed = 0;
        Match errors = SocketErrorsRegex().Match(output);
        if (errors.Success)
        {
            failed += Enumerable.Range(1, 4).Sum(i => long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture));
        }

        Match non2xx = Non2xxRegex().Match(output);
        if (non2xx.Success)
        {
            failed += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(rps, Math.Round(ms, 2), failed, requests);
    }

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestsRegex();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsRegex();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99Regex();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsRegex();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxRegex();
}
