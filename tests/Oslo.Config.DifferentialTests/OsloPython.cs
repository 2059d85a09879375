using System.Diagnostics;
using System.Text.Json;

namespace Oslo.Config.DifferentialTests;

/// <summary>
/// The real oslo.config: one long-lived <c>/usr/bin/python3 oslo_driver.py</c> that answers one JSON line per case,
/// so thousands of cases cost one interpreter start.
/// </summary>
public sealed class OsloPython : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private static readonly TimeSpan s_caseDeadline = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    public OsloPython()
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "oslo_driver.py"));
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["LC_ALL"] = "C.UTF-8";
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + Python);
        _process.StandardInput.AutoFlush = true;
        _ = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Whether python3 with oslo.config is installed (Debian package python3-oslo.config).</summary>
    public static bool IsAvailable =>
        File.Exists(Python) && File.Exists("/usr/lib/python3/dist-packages/oslo_config/cfg.py");

    public Outcome Run(DiffCase c)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(c, CaseJson.Options));
        Task<string?> read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(s_caseDeadline) || read.Result is not { } line)
        {
            throw new InvalidOperationException("oslo driver did not answer:\n" + c.Describe());
        }

        using JsonDocument doc = JsonDocument.Parse(line);
        string? parse = doc.RootElement.GetProperty("parse").GetString();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in doc.RootElement.GetProperty("values").EnumerateObject())
        {
            values[p.Name] = p.Value.GetString()!;
        }

        return new Outcome(parse, values);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
