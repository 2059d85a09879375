using System.Diagnostics;
using System.Text.Json;

namespace Oslo.Service.Observability.Tests;

/// <summary>Runs the real <c>oslo-ctl</c> (optionally as another user) and returns its exit status and output.</summary>
internal static class Ctl
{
    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Error}";
    }

    internal static async Task<Result> RunAsync(string socket, params string[] args) => await RunAsync([], socket, args);

    internal static async Task<Result> RunAsync(IReadOnlyList<string> prefix, string socket, params string[] args)
    {
        var start = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in prefix.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        if (prefix.Count > 0)
        {
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Paths.OsloCtl);
        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(socket);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary><c>status --json</c> as (worker_id, pid, state) rows.</summary>
    internal static async Task<IReadOnlyList<(int? Id, int Pid, string State, long Requests)>> StatusAsync(string socket)
    {
        Result result = await RunAsync(socket, "status", "--json");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }

        using JsonDocument json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.EnumerateArray().Select(w => (
            w.GetProperty("worker_id").ValueKind == JsonValueKind.Null ? (int?)null : w.GetProperty("worker_id").GetInt32(),
            w.GetProperty("pid").GetInt32(),
            w.GetProperty("state").GetString()!,
            w.GetProperty("requests").GetInt64()))];
    }
}
