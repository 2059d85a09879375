namespace Oslo.Service.FunctionalTests.Infrastructure;

/// <summary>A config file in a temporary directory that a test can rewrite (or break) between signals.</summary>
internal sealed class TempConfig : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("oslo-ft-").FullName;

    public TempConfig(string greeting, int gracefulShutdownTimeout = 60)
    {
        Path = System.IO.Path.Combine(_directory, "testhost.conf");
        Write(greeting, gracefulShutdownTimeout);
    }

    public string Path { get; }

    public string[] Args => ["--config-file", Path];

    public void Write(string greeting, int gracefulShutdownTimeout = 60) => File.WriteAllText(Path,
        $"[DEFAULT]\ngraceful_shutdown_timeout = {gracefulShutdownTimeout}\n\n[testhost]\ngreeting = {greeting}\n");

    public void Break() => File.WriteAllText(Path, "[DEFAULT\ngraceful_shutdown_timeout = not a number\n");

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
