using System.Globalization;
using System.Text;
using System.Text.Json;

using Oslo.Service.Diagnostics;

namespace Oslo.Service.Ctl;

/// <summary>The command line of oslo-ctl: parses it, talks to the socket, prints one result (or the table).</summary>
internal static class CtlCommand
{
    // One sample per thread is all it takes; short, because the parent waits on it before killing a hung worker.
    private static readonly TimeSpan s_sampleFor = TimeSpan.FromMilliseconds(150);

    internal const string DefaultSocketName = "oslo-ctl.sock";

    private const string Usage = """
        usage: oslo-ctl [--socket PATH] COMMAND [ARGS]
          status [--json] [--watch]   the workers: id, pid, state, uptime, restarts, RSS, CPU %, requests
          reload                      re-read the configuration and replace the workers, readiness-gated
          scale N | +N | -N           run N workers (or N more / fewer)
          recycle ID                  replace worker ID: the new one is ready before the old one drains
          stop [--now]                stop gracefully (SIGTERM), or at once (SIGINT)
          stacks ID | --pid PID       the managed thread stacks of worker ID (or of any .NET process, no socket)
          dump --pid PID --output FILE  a mini dump (threads, stacks, modules) of a .NET process, mode 0600, no socket
          config [--json]             the effective option values, secrets masked
        The socket: --socket PATH, else $OSLO_CTL_SOCKET, else $RUNTIME_DIRECTORY/oslo-ctl.sock.
        """;

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var rest = new List<string>();
        string? socket = null;
        bool json = false, watch = false, now = false;
        int? pid = null;
        string? outputFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--socket" when i + 1 < args.Length:
                    socket = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "--watch":
                    watch = true;
                    break;
                case "--now":
                    now = true;
                    break;
                case "--pid" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int byPid):
                    pid = byPid;
                    i++;
                    break;
                case "--output" when i + 1 < args.Length:
                    outputFile = args[++i];
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (rest.Count == 0)
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        if (rest is ["stacks"] && pid is { } target)
        {
            // No socket: the parent itself runs this for a hung worker before it kills it (it cannot sample in
            // process and stay Native AOT compatible), and anyone may point it at a .NET process they own.
            return await CaptureStacksAsync(target, $"pid {target}", output, error, cancellationToken).ConfigureAwait(false);
        }

        if (rest is ["dump"])
        {
            if (pid is not { } dumped || string.IsNullOrEmpty(outputFile))
            {
                await error.WriteLineAsync("oslo-ctl: dump needs --pid PID and --output FILE").ConfigureAwait(false);
                return 2;
            }

            // No socket either: the parent runs this for a hung worker, after its stacks (hung_worker_dump_dir).
            return await WorkerDump.WriteAsync(dumped, outputFile, output, error, cancellationToken).ConfigureAwait(false);
        }

        socket ??= Environment.GetEnvironmentVariable("OSLO_CTL_SOCKET")
            ?? (Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY") is { Length: > 0 } runtime ? Path.Combine(runtime.Split(':')[0], DefaultSocketName) : null);
        if (socket is null)
        {
            await error.WriteLineAsync("oslo-ctl: which service? pass --socket PATH (the service's [control] socket_path)").ConfigureAwait(false);
            return 2;
        }

        string command = rest[0];
        List<string> commandArgs = [.. rest.Skip(1)];
        try
        {
            switch (command)
            {
                case "status":
                    do
                    {
                        JsonElement reply = await ControlClient.SendAsync(socket, "status", [], cancellationToken).ConfigureAwait(false);
                        if (watch && !json)
                        {
                            await output.WriteAsync("\u001b[H\u001b[2J").ConfigureAwait(false);
                        }

                        int status = await PrintAsync(reply, output, error, json ? PrintJson : PrintTable).ConfigureAwait(false);
                        if (!watch || status != 0)
                        {
                            return status;
                        }

                        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                    }
                    while (true);
                case "stacks":
                    return await StacksAsync(socket, commandArgs, output, error, cancellationToken).ConfigureAwait(false);
                case "stop" when now:
                    commandArgs.Add("--now");
                    goto default;
                case "config":
                    return await PrintAsync(await ControlClient.SendAsync(socket, command, commandArgs, cancellationToken).ConfigureAwait(false),
                        output, error, json ? PrintJson : PrintConfig).ConfigureAwait(false);
                default:
                    return await PrintAsync(await ControlClient.SendAsync(socket, command, commandArgs, cancellationToken).ConfigureAwait(false),
                        output, error, json ? PrintJson : null).ConfigureAwait(false);
            }
        }
        catch (CtlException exception)
        {
            await error.WriteLineAsync("oslo-ctl: " + exception.Message).ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    private static async Task<int> StacksAsync(string socket, List<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        JsonElement reply = await ControlClient.SendAsync(socket, "pid", args, cancellationToken).ConfigureAwait(false);
        if (!reply.GetProperty("ok").GetBoolean())
        {
            await error.WriteLineAsync("oslo-ctl: " + reply.GetProperty("message").GetString()).ConfigureAwait(false);
            return 1;
        }

        return await CaptureStacksAsync(reply.GetProperty("data").GetProperty("pid").GetInt32(), reply.GetProperty("message").GetString() ?? "",
            output, error, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> CaptureStacksAsync(int pid, string what, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<int, IReadOnlyList<string>> stacks;
        try
        {
            stacks = await EventPipeStacks.CaptureAsync(
                new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(pid), s_sampleFor, $"oslo-ctl-stacks-{pid}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is Microsoft.Diagnostics.NETCore.Client.ServerNotAvailableException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync($"oslo-ctl: cannot reach the diagnostics port of worker pid {pid}: {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        var text = new StringBuilder();
        foreach ((int thread, IReadOnlyList<string> frames) in stacks.OrderBy(s => s.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"Thread {thread} (0x{thread:X}):\n");
            foreach (string frame in frames)
            {
                text.Append("  ").Append(frame).Append('\n');
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"{what}: {stacks.Count} managed thread(s)");
        await output.WriteLineAsync(text.ToString()).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> PrintAsync(JsonElement reply, TextWriter output, TextWriter error, Func<JsonElement, TextWriter, Task>? printData)
    {
        bool ok = reply.GetProperty("ok").GetBoolean();
        string message = reply.GetProperty("message").GetString() ?? "";
        if (!ok)
        {
            await error.WriteLineAsync("oslo-ctl: " + message).ConfigureAwait(false);
            return 1;
        }

        if (printData is not null && reply.TryGetProperty("data", out JsonElement data))
        {
            await printData(data, output).ConfigureAwait(false);
            if (printData == PrintJson)
            {
                return 0;
            }
        }

        await output.WriteLineAsync(message).ConfigureAwait(false);
        return 0;
    }

    private static Task PrintJson(JsonElement data, TextWriter output) =>
        output.WriteLineAsync(JsonSerializer.Serialize(data, JsonContext.Default.JsonElement));

    private static async Task PrintTable(JsonElement workers, TextWriter output)
    {
        string[] header = ["id", "pid", "state", "uptime", "restarts", "rss", "cpu", "requests"];
        var rows = new List<string[]> { header };
        foreach (JsonElement worker in workers.EnumerateArray())
        {
            JsonElement id = worker.GetProperty("worker_id");
            rows.Add(
            [
                id.ValueKind == JsonValueKind.Null ? "spare" : id.GetInt32().ToString(CultureInfo.InvariantCulture),
                worker.GetProperty("pid").GetInt32().ToString(CultureInfo.InvariantCulture),
                worker.GetProperty("state").GetString() ?? "",
                Uptime(worker.GetProperty("uptime_s").GetDouble()),
                worker.GetProperty("restarts").GetInt32().ToString(CultureInfo.InvariantCulture),
                Bytes(worker.GetProperty("rss_bytes").GetInt64()),
                worker.GetProperty("cpu_percent").GetDouble().ToString("0.0", CultureInfo.InvariantCulture) + "%",
                worker.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture),
            ]);
        }

        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length))];
        foreach (string[] row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => c is 0 or 1 or 4 or 7 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd()).ConfigureAwait(false);
        }
    }

    private static async Task PrintConfig(JsonElement groups, TextWriter output)
    {
        foreach (JsonProperty group in groups.EnumerateObject())
        {
            await output.WriteLineAsync($"[{group.Name}]").ConfigureAwait(false);
            foreach (JsonProperty option in group.Value.EnumerateObject())
            {
                await output.WriteLineAsync($"  {option.Name} = {option.Value.GetString()}").ConfigureAwait(false);
            }
        }
    }

    private static string Uptime(double seconds) =>
        seconds < 60 ? $"{seconds:0}s" : seconds < 3600 ? $"{seconds / 60:0}m" : seconds < 86400 ? $"{seconds / 3600:0}h" : $"{seconds / 86400:0}D";

    private static string Bytes(long bytes) =>
        bytes >= 1 << 30 ? $"{bytes / (double)(1 << 30):0.0}gb" : bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0}mb" : $"{bytes / 1024.0:0.0}kb";
}
