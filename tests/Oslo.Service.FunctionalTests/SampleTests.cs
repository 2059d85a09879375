using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests;

/// <summary>The FooService sample (README's first command) as a real daemon with real signals.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("oslo-ft-foo-").FullName;

    [Fact]
    public async Task FooService_SighupReappliesDebug_SigtermStopsWithStatusZero()
    {
        string config = WriteConfig(debug: false, workers: 1);
        await using TestHostProcess foo = await TestHostProcess.StartProgramDaemonAsync("FooService", ["--config-file", config]);
        await foo.WaitForLineAsync("FooService started");
        await foo.WaitForLineAsync("Heartbeat 1");
        WriteConfig(debug: true, workers: 1);

        foo.Signal(Posix.SigHup);

        await foo.WaitForLineAsync("FooService reset: log level now Debug");
        await foo.WaitForLineAsync(line => line.Contains("dbug:", StringComparison.Ordinal), what: "at debug level");
        foo.Signal(Posix.SigTerm);
        await foo.WaitForLineAsync("FooService stopping (graceful True)");
        Assert.Equal(0, await foo.WaitForExitAsync());
        Assert.DoesNotContain("dbug:", foo.Transcript.Split("FooService reset")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FooService_SeveralWorkers_RunUnderTheProcessLauncher()
    {
        string config = WriteConfig(debug: false, workers: 1);
        await using TestHostProcess foo = await TestHostProcess.StartProgramDaemonAsync("FooService", ["--config-file", config, "--workers", "3"]);

        await foo.WaitForLineAsync("All 3 workers ready");
        foo.Signal(Posix.SigTerm);
        Assert.Equal(0, await foo.WaitForExitAsync());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteConfig(bool debug, int workers)
    {
        string path = Path.Combine(_directory, "foo.conf");
        File.WriteAllText(path, $"[DEFAULT]\nworkers = {workers}\ndebug = {(debug ? "true" : "false")}\nheartbeat_interval = 1\ngraceful_shutdown_timeout = 10\n");
        return path;
    }
}
