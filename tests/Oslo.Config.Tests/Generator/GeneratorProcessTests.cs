using System.Diagnostics;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>The built <c>oslo-config-generator</c> run as a real process (<c>dotnet oslo-config-generator.dll</c>).</summary>
public class GeneratorProcessTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Process_FourOsloServiceNamespaces_WritesPythonGeneratorOutput()
    {
        var (code, output, error) = await RunGeneratorAsync(
            "--namespace", "oslo.service.service", "--namespace", "oslo.service.periodic_task",
            "--namespace", "oslo.service.sslutils", "--namespace", "oslo.service.wsgi");

        Assert.True(code == 0, error);
        Assert.Equal(GoldenFile.Read("oslo_service_all.conf"), output);
    }

    [Fact]
    public async Task Process_AssemblyFolder_LoadsApplicationAssembliesAndTheirDependencies()
    {
        // In its own process the test assembly is not loaded: --assembly FOLDER loads every assembly there (xunit,
        // the test platform, this test assembly...) into one plugin load context, sharing the tool's Oslo.Config so
        // that the OsloConfigOpts attributes are found; the tool's own copies in the folder are not loaded twice.
        string folder = Path.GetDirectoryName(typeof(GeneratorProcessTests).Assembly.Location)!;

        var (code, output, error) = await RunGeneratorAsync("--assembly", folder, "--namespace", "demo");

        Assert.True(code == 0, error);
        Assert.Equal(GoldenFile.Read("demo.conf"), output);
    }

    private static async Task<(int Code, string Output, string Error)> RunGeneratorAsync(params string[] args)
    {
        string generator = Path.Combine(AppContext.BaseDirectory, "oslo-config-generator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(generator);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(s_deadline);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"oslo-config-generator did not exit within {s_deadline}");
        }
    }
}
